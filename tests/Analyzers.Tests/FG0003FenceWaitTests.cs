using Microsoft.CodeAnalysis.Testing;
using Verify = FenceGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.SignallingSectionAnalyzer>;

namespace FenceGuard.Analyzers.Tests;

public class FG0003FenceWaitTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks; using FenceGuard;\n";

    [Fact]
    public async Task EveryFenceWait_InsideAUsingSection_IsReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                void M(Fence f, UserFence u, ReservationObject r, CancellationToken ct)
                {
                    using (Fence.BeginSignalling())
                    {
                        f.{|FG0003:Wait|}(TimeSpan.Zero);
                        f.{|FG0003:Wait|}();
                        f.{|FG0003:Wait|}(ct);
                        _ = f.{|FG0003:WaitAsync|}();
                        _ = f.{|FG0003:WaitAsync|}(TimeSpan.Zero, ct);
                        Fence.{|FG0003:MightWait|}();
                        r.{|FG0003:Wait|}(FenceUsage.Read, TimeSpan.Zero);
                        u.{|FG0003:Wait|}(TimeSpan.Zero);
                        _ = u.{|FG0003:WaitAsync|}();
                        f.{|FG0003:GetAwaiter|}().GetResult();
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task AwaitOfAFence_IsAFenceWait_NotAlsoFG0007()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                [SignallingPath]
                async Task M(Fence f, FenceArray a, UserFence u)
                {
                    {|FG0003:await f|};
                    {|FG0003:await a|};
                    {|FG0003:await u|};
                }
            }
            """);
    }

    [Fact]
    public async Task WaitOutsideSections_IsNotReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                async Task M(Fence f, ReservationObject r)
                {
                    f.Wait(TimeSpan.Zero);
                    using (Fence.BeginSignalling())
                    {
                        f.Signal();
                    }

                    f.Wait();
                    r.Wait(FenceUsage.Write, TimeSpan.Zero);
                    Fence.MightWait();
                    await f;
                }
            }
            """);
    }

    [Fact]
    public async Task UsingDeclaration_CoversTheRestOfItsBlockOnly()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                void M(Fence f, bool b)
                {
                    f.Wait();
                    if (b)
                    {
                        using var section = Fence.BeginSignalling();
                        f.{|FG0003:Wait|}();
                    }

                    f.Wait();
                }
            }
            """);
    }

    [Fact]
    public async Task ManualPair_CoversTheStatementsBetween_IncludingTryFinally()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                void Manual(Fence f)
                {
                    f.Wait();
                    var s = Fence.BeginSignalling();
                    f.{|FG0003:Wait|}();
                    Fence.EndSignalling(s);
                    f.Wait();
                }

                void TryFinally(Fence f)
                {
                    SignallingSection s = Fence.BeginSignalling();
                    try
                    {
                        f.{|FG0003:Wait|}();
                    }
                    finally
                    {
                        Fence.EndSignalling(s);
                    }

                    f.Wait();
                }

                void Disposed(Fence f)
                {
                    var s = Fence.BeginSignalling();
                    f.{|FG0003:Wait|}();
                    s.Dispose();
                    f.Wait();
                }
            }
            """);
    }

    [Fact]
    public async Task SignallingPathMembers_AndCallbacks_AreSections()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                Fence _f = null!;

                [SignallingPath]
                C(Fence f) { f.{|FG0003:Wait|}(); }

                [SignallingPath]
                void Method() => _f.{|FG0003:Wait|}();

                void Host(Fence other)
                {
                    [SignallingPath]
                    void Local() => _f.{|FG0003:Wait|}();

                    Action<Fence> lambda = [SignallingPath] (Fence x) => _f.{|FG0003:Wait|}();
                    other.AddCallback(x => _f.{|FG0003:Wait|}());
                    other.AddCallback(delegate (Fence x) { _f.{|FG0003:Wait|}(); });
                    Local();
                    lambda(other);
                }
            }
            """);
    }

    [Fact]
    public async Task LambdasAndLocalFunctionsDefinedInASection_RunElsewhere_AndAreNotReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                void M(Fence f, UserFence u)
                {
                    using (Fence.BeginSignalling())
                    {
                        Task.{|FG0001:Run|}({|FG0001:() => f.Wait()|});
                        Func<bool> later = {|FG0001:() => f.Wait(TimeSpan.Zero)|};
                        void Later() => f.Wait();
                        u.{|FG0001:AddCallback|}({|FG0001:x => f.Wait()|}); // user fence callbacks are not signalling sections
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task NestedSections_NameTheInnermost_AndTheOpeningIsAnAdditionalLocation()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                void M(Fence f)
                {
                    using (Fence.BeginSignalling())
                    {
                        using ({|#1:Fence.BeginSignalling()|})
                        {
                            f.{|#0:Wait|}();
                        }
                    }
                }
            }
            """,
            Verify.Diagnostic("FG0003").WithLocation(0).WithLocation(1)
                .WithArguments("'Fence.Wait'", "the signalling section opened at line 8"));
    }

    [Fact]
    public async Task CodeWithoutFenceGuard_IsIgnored()
    {
        var test = new Verify.Test
        {
            TestCode = """
                class Fence { public static System.IDisposable BeginSignalling() => null!; public void Wait() { } }
                class C { void M(Fence f) { using (Fence.BeginSignalling()) { f.Wait(); } } }
                """,
        };
        test.TestState.AdditionalReferences.Clear();
        test.TestState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
        await test.RunAsync();
    }
}

public class SectionDetectionTests
{
    private const string Usings = "using System; using FenceGuard;\n";

    [Fact]
    public async Task EndInsideABranch_LeavesTheSectionOpenForTheCodeAfterIt()
    {
        await Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.SignallingSectionAnalyzer>.VerifyAnalyzerAsync(Usings + """
            class C
            {
                void M(Fence f, bool early)
                {
                    var s = Fence.BeginSignalling();
                    if (early)
                    {
                        Fence.EndSignalling(s);
                        return;
                    }

                    f.{|FG0003:Wait|}();          // reached only while the section is still open
                    Fence.EndSignalling(s);
                    f.Wait();
                }
            }
            """);
    }
}

public class StructReceiverBoxingTests
{
    [Fact]
    public async Task NonOverriddenObjectMembersOnStructs_BoxTheReceiver_OverriddenOnesDoNot()
    {
        await Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.SignallingSectionAnalyzer>.VerifyAnalyzerAsync("""
            using System; using FenceGuard;
            struct Plain { public int X; }
            struct Overrides { public int X; public override int GetHashCode() => X; public override string ToString() => "o"; }
            enum Flags { A = 1 }
            class C
            {
                [SignallingPath]
                void M(Plain p, Overrides o, Flags f)
                {
                    _ = p.{|FG0001:GetHashCode|}();
                    _ = p.{|FG0001:ToString|}();
                    _ = p.GetType();             // folded by the optimizing JIT
                    _ = o.GetHashCode();
                    _ = f.HasFlag(Flags.A);
                }
            }
            """);
    }
}

public class MethodGroupCallbackTests
{
    private const string Usings = "using System; using System.Threading; using FenceGuard;\n";

    [Fact]
    public async Task MethodRegisteredWithAddCallback_IsASection()
    {
        await Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.SignallingSectionAnalyzer>.VerifyAnalyzerAsync(Usings + """
            class Scheduler
            {
                Fence _other = null!;
                readonly Action<Fence> _handler;

                Scheduler() { _handler = OnRetired; }

                void Submit(Fence done)
                {
                    done.AddCallback(OnComplete);
                    done.AddCallback(_handler);
                }

                void OnComplete(Fence f)
                {
                    _other.{|FG0003:Wait|}();
                    Thread.{|FG0004:Sleep|}(1);
                }

                void OnRetired(Fence f) => _other.{|FG0003:Wait|}(); // stored in a field first, then registered: a callback too

                void NotACallback(Fence f) => _other.Wait();
            }
            """);
    }

    [Fact]
    public async Task CallbackMethodWithItsOwnSection_ReportsEachFindingOnce()
    {
        await Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.SignallingSectionAnalyzer>.VerifyAnalyzerAsync(Usings + """
            class Scheduler
            {
                void Submit(Fence done) => done.AddCallback(OnComplete);

                void OnComplete(Fence f)
                {
                    f.{|FG0003:Wait|}();
                    using (Fence.BeginSignalling())
                    {
                        f.{|FG0003:Wait|}();
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task TopLevelStatements_AreAnalyzed()
    {
        var test = new Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.SignallingSectionAnalyzer>.Test
        {
            TestCode = Usings + """
                Fence f = new FenceTimeline("t").CreateFence();
                using (Fence.BeginSignalling())
                {
                    f.{|FG0003:Wait|}();
                }
                """,
        };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public async Task TopLevelStatements_AndLocalFunctions_AreAnalysed()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using FenceGuard;
                Fence other = null!;
                using (Fence.BeginSignalling())
                {
                    other.{|FG0003:Wait|}();
                }

                Complete();

                void Complete()
                {
                    using (Fence.BeginSignalling())
                    {
                        other.{|FG0003:Wait|}();
                    }
                }
                """,
        };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public async Task SectionsInEveryKindOfMemberBody_AreAnalysed()
    {
        await Verify.VerifyAnalyzerAsync("""
            using FenceGuard;
            class C
            {
                static Fence Other = null!;
                static void Section() { using (Fence.BeginSignalling()) { Other.{|FG0003:Wait|}(); } }

                C() { using (Fence.BeginSignalling()) { Other.{|FG0003:Wait|}(); } }
                ~C() { using (Fence.BeginSignalling()) { Other.{|FG0003:Wait|}(); } }
                int Property { get { using (Fence.BeginSignalling()) { Other.{|FG0003:Wait|}(); } return 0; } set { using var s = Fence.BeginSignalling(); Other.{|FG0003:Wait|}(); } }
                int this[int i] { get { using (Fence.BeginSignalling()) { Other.{|FG0003:Wait|}(); } return i; } }
                public static C operator +(C a, C b) { using (Fence.BeginSignalling()) { Other.{|FG0003:Wait|}(); } return a; }
                public static implicit operator int(C c) { using (Fence.BeginSignalling()) { Other.{|FG0003:Wait|}(); } return 0; }
                event System.Action E { add { using (Fence.BeginSignalling()) { Other.{|FG0003:Wait|}(); } } remove { } }
                [SignallingPath] int ArrowMethod() => Other.{|FG0003:Wait|}(System.TimeSpan.Zero) ? 1 : 0;
            }
            """);
    }
}
