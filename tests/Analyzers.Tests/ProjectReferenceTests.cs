using Microsoft.CodeAnalysis.Testing;
using GraphVerify = FenceGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.DependencyGraphAnalyzer>;
using IndefiniteVerify = FenceGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.IndefiniteFenceAnalyzer>;
using SectionVerify = FenceGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.SignallingSectionAnalyzer>;

namespace FenceGuard.Analyzers.Tests;

/// <summary>
/// A project reference as the IDE gives it: the referenced project's compilation, whose methods have syntax in another
/// compilation. They are not this compilation's to bind (that threw AD0001 before): until summaries cross assemblies
/// (issue 13), calls into them are unknown, as metadata calls are, and the project's own code is analysed as usual.
/// </summary>
public class ProjectReferenceTests
{
    private const string Usings = "using System; using System.Text; using System.Threading; using FenceGuard;\n";

    private const string Library = Usings + """
        namespace XLib
        {
            public static class Shared
            {
                public static readonly Fence A = null!, B = null!;
                public static readonly UserFence Present = null!;
                private static readonly Action Hidden = () => Thread.Sleep(1);
                public static Action Hook = () => Thread.Sleep(1);
                public static string Format(int seqno) => new StringBuilder().Append(seqno).ToString();
                public static void Drain(Fence upstream) => upstream.Wait();
                public static void Nap() => Thread.Sleep(1);
                public static void Run(Action action) => action();
                public static void RunHidden() => Hidden();
                public static void WaitForUser() => Present.Wait(TimeSpan.FromSeconds(1));
                public static void SignalAAfterB() { B.Wait(); A.Signal(); }
            }

            public class Sink { public virtual void Put(int item) { } }
        }
        """;

    [Fact]
    public async Task CallsIntoAReferencedCompilation_InASection_AreUnknown_TheProjectsOwnCodeIsChecked()
    {
        var test = Referencing(new SectionVerify.Test(), Usings + """
            class App : XLib.Sink
            {
                public override void Put(int item) { }

                void Retire(Fence upstream, XLib.Sink sink)
                {
                    using (Fence.BeginSignalling())
                    {
                        _ = XLib.Shared.Format(1);
                        XLib.Shared.Drain(upstream);
                        XLib.Shared.Nap();
                        XLib.Shared.Run(XLib.Shared.Nap);
                        XLib.Shared.Hook();
                        XLib.Shared.RunHidden();
                        sink.Put(1);
                        Thread.{|FG0004:Sleep|}(1);
                    }
                }
            }
            """);
        await test.RunAsync();
    }

    [Fact]
    public async Task CallsIntoAReferencedCompilation_InTheGraph_AreUnknown_TheProjectsOwnCyclesAreFound()
    {
        var test = Referencing(new GraphVerify.Test(), Usings + """
            class App
            {
                static Fence _a = null!, _b = null!;
                void SignalBAfterA() { XLib.Shared.A.Wait(); XLib.Shared.B.Signal(); }
                void Forward() { _b.{|#0:Wait|}(); _a.Signal(); }
                void Back() { _a.{|#1:Wait|}(); _b.Signal(); XLib.Shared.SignalAAfterB(); }
            }
            """);
        test.ExpectedDiagnostics.Add(GraphVerify.Diagnostic("FG0020").WithLocation(0).WithLocation(1).WithArguments(
            "'App._a' is signalled after waiting on 'App._b' (Test0.cs line 6) → 'App._b' is signalled after waiting on 'App._a' (Test0.cs line 7)"));
        await test.RunAsync();
    }

    [Fact]
    public async Task CallsIntoAReferencedCompilation_AsGates_AreUnknown_TheProjectsOwnGatesAreFound()
    {
        var test = Referencing(new IndefiniteVerify.Test(), Usings + """
            class App
            {
                static Fence _gpu = null!;
                void ThroughTheLibrary() { XLib.Shared.WaitForUser(); _gpu.Signal(); }
                void Direct(UserFence present) { present.Wait(TimeSpan.Zero); _gpu.{|FG0010:Signal|}(); }
            }
            """);
        await test.RunAsync();
    }

    private static T Referencing<T>(T test, string app)
        where T : Microsoft.CodeAnalysis.Testing.AnalyzerTest<DefaultVerifier>
    {
        test.TestState.Sources.Add(app);
        ProjectState library = test.TestState.AdditionalProjects["XLib"];
        library.Sources.Add(Library);
        library.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        library.AdditionalReferences.AddRange(Verifiers.TestCompilations.References);
        test.TestState.AdditionalProjectReferences.Add("XLib");
        return test;
    }
}
