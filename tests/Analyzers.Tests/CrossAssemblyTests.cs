using FenceGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using GraphVerify = FenceGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.DependencyGraphAnalyzer>;
using IndefiniteVerify = FenceGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.IndefiniteFenceAnalyzer>;
using SectionVerify = FenceGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.SignallingSectionAnalyzer>;
using SummaryVerify = FenceGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.AssemblySummaryAnalyzer>;

namespace FenceGuard.Analyzers.Tests;

/// <summary>
/// Findings across assemblies: a library built with FenceGuard records its members' summaries, and a caller in another
/// assembly uses them as it uses its own. Each scenario runs the way a command-line build sees the library (compiled to
/// a metadata reference, with the summary file FG9001 recorded beside it); the IDE's way, where a project reference is
/// the other project's compilation, is the last group.
/// </summary>
public class CrossAssemblyTests
{
    private const string Usings = "using System; using System.Text; using System.Threading; using FenceGuard;\n";

    private const string Library = Usings + """
        namespace XLib
        {
            public static class Shared
            {
                public static readonly Fence A = null!, B = null!;
                public static readonly UserFence Present = null!;
                public static string Format(int seqno) => new StringBuilder().Append(seqno).ToString();
                public static void Drain(Fence upstream) => upstream.Wait();
                public static void Nap() => Thread.Sleep(1);
                public static int Checksum(int x) => x * 31 + 7;
                public static void Trace(int seqno) => Log(seqno);
                private static void Log(int seqno) => Console.WriteLine(new object[] { seqno });
                public static void Compact() => Shrink();
                [MayReclaim] public static void Shrink() { }
                public static void Run(Action action) => action();
                public static void SignalAAfterB() { B.Wait(); A.Signal(); }
                public static void WaitForUser() => Present.Wait(TimeSpan.FromSeconds(1));
                public static void Attach(ReservationObject resv, Fence fence) => resv.AddFence(fence, FenceUsage.Read);
                public static void WaitHolding(ReservationObject resv, Fence fence) { using (resv.Lock()) { fence.Wait(); } }
                public static void SignalPresentAfter(Fence fence) { fence.Wait(); Present.Signal(); }
            }
        }
        """;

    private static readonly Lazy<RecordedLibrary> XLib = new(() => RecordedLibrary.Build("XLib", Library));

    [Fact]
    public async Task LibraryMethodThatAllocates_CalledInASection_IsFG0001AtTheCall_WithTheChainIntoTheLibrary()
    {
        var test = WithLibrary(new SectionVerify.Test(), Usings + """
            class App
            {
                void Retire()
                {
                    using (Fence.BeginSignalling())
                    {
                        _ = XLib.Shared.{|#0:Format|}(1);
                    }
                }
            }
            """);
        test.ExpectedDiagnostics.Add(SectionVerify.Diagnostic("FG0001").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("the call to 'Format' (XLib.Shared.Format: 'new StringBuilder' at XLib.cs line 8)", "the signalling section opened at line 6"));
        await test.RunAsync();
    }

    [Fact]
    public async Task LibraryMethodThatWaits_CalledInASection_IsFG0003AtTheCall()
    {
        var test = WithLibrary(new SectionVerify.Test(), Usings + """
            class App
            {
                void Retire(Fence upstream)
                {
                    using (Fence.BeginSignalling())
                    {
                        XLib.Shared.{|#0:Drain|}(upstream);
                    }
                }
            }
            """);
        test.ExpectedDiagnostics.Add(SectionVerify.Diagnostic("FG0003").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("the call to 'Drain' (XLib.Shared.Drain: 'Fence.Wait' at XLib.cs line 9)", "the signalling section opened at line 6"));
        await test.RunAsync();
    }

    [Fact]
    public async Task LibraryMethodThatSleeps_CalledInASection_IsFG0004AtTheCall()
    {
        var test = WithLibrary(new SectionVerify.Test(), Usings + """
            class App
            {
                void Retire()
                {
                    using (Fence.BeginSignalling())
                    {
                        XLib.Shared.{|#0:Nap|}();
                    }
                }
            }
            """);
        test.ExpectedDiagnostics.Add(SectionVerify.Diagnostic("FG0004").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("the call to 'Nap' (XLib.Shared.Nap: 'Thread.Sleep' at XLib.cs line 10)", "the signalling section opened at line 6"));
        await test.RunAsync();
    }

    [Fact]
    public async Task LibraryMethodThatAllocatesThroughAPrivateCallee_IsFG0001_NamingTheLibrarysHops()
    {
        var test = WithLibrary(new SectionVerify.Test(), Usings + """
            class App
            {
                [SignallingPath]
                void Retire(int seqno) => XLib.Shared.{|#0:Trace|}(seqno);
            }
            """);
        test.ExpectedDiagnostics.Add(SectionVerify.Diagnostic("FG0001").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("the call to 'Trace' (XLib.Shared.Trace → Log: array creation 'object[]' at XLib.cs line 13)", "the [SignallingPath] method 'Retire'"));
        await test.RunAsync();
    }

    [Fact]
    public async Task LibraryMethodThatMayReclaimThroughACallee_IsFG0002()
    {
        var test = WithLibrary(new SectionVerify.Test(), Usings + """
            class App
            {
                [SignallingPath]
                void Retire() => XLib.Shared.{|#0:Compact|}();
            }
            """);
        test.ExpectedDiagnostics.Add(SectionVerify.Diagnostic("FG0002").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("the call to 'Compact' (XLib.Shared.Compact: 'Shared.Shrink' at XLib.cs line 14)", "the [SignallingPath] method 'Retire'"));
        await test.RunAsync();
    }

    [Fact]
    public async Task LibraryMethodThatSignalsABoundedFence_CalledFromAWorkload_IsFG0030AtTheCall()
    {
        var test = WithLibrary(new SectionVerify.Test(), Usings + """
            class App
            {
                [RecoverableFaults]
                void Run() => XLib.Shared.{|#0:SignalAAfterB|}();
            }
            """);
        test.ExpectedDiagnostics.Add(SectionVerify.Diagnostic("FG0030").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("the call to 'SignalAAfterB' (XLib.Shared.SignalAAfterB: 'Fence.Signal' at XLib.cs line 17) signals a bounded fence", "the [RecoverableFaults] workload 'Run'"));
        await test.RunAsync();
    }

    [Fact]
    public async Task PureLibraryMethod_CalledInASection_IsNotReported()
    {
        var test = WithLibrary(new SectionVerify.Test(), Usings + """
            class App
            {
                [SignallingPath]
                int Retire(int x) => XLib.Shared.Checksum(x);
            }
            """);
        await test.RunAsync();
    }

    [Fact]
    public async Task DelegatePassedToALibraryMethodThatInvokesIt_RunsInTheCall()
    {
        var test = WithLibrary(new SectionVerify.Test(), Usings + """
            class App
            {
                static void Doze() => Thread.Sleep(1);

                [SignallingPath]
                void Retire() => XLib.Shared.{|#0:Run|}(Doze);
            }
            """);
        test.ExpectedDiagnostics.Add(SectionVerify.Diagnostic("FG0004").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("the call to 'Run' (Run → its parameter 'action' (Doze): 'Thread.Sleep')", "the [SignallingPath] method 'Retire'"));
        await test.RunAsync();
    }

    [Fact]
    public async Task LibraryMethodGroupPassedToALibraryMethodThatInvokesIt_RunsInTheCall()
    {
        var test = WithLibrary(new SectionVerify.Test(), Usings + """
            class App
            {
                [SignallingPath]
                void Retire() => XLib.Shared.{|#0:Run|}(XLib.Shared.Nap);
            }
            """);
        test.ExpectedDiagnostics.Add(SectionVerify.Diagnostic("FG0004").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("the call to 'Run' (Run → its parameter 'action' (Nap): 'Thread.Sleep' at XLib.cs line 10)", "the [SignallingPath] method 'Retire'"));
        await test.RunAsync();
    }

    [Fact]
    public async Task LibraryBuiltWithoutFenceGuardSummaries_IsKnownByAttributesAndListsOnly()
    {
        RecordedLibrary plain = RecordedLibrary.Build("XLib", Library, record: false);
        Assert.Null(plain.Summaries);
        var test = new SectionVerify.Test();
        test.TestState.Sources.Add(Usings + """
            class App
            {
                [SignallingPath]
                void Retire(Fence upstream) { XLib.Shared.Drain(upstream); XLib.Shared.Nap(); _ = XLib.Shared.Format(1); XLib.Shared.{|FG0002:Shrink|}(); }
            }
            """);
        test.TestState.AdditionalReferences.Add(plain.Image);
        await test.RunAsync();
    }

    [Fact]
    public async Task SummaryOfAnotherFormatVersion_IsIgnored_WithOneFG9002()
    {
        string other = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("fenceguard-summaries\t2\nassembly\tXLib\n")).TrimEnd('=');
        var test = new SummaryVerify.Test();
        test.TestState.Sources.Add(Usings + "class App { [SignallingPath] void Retire(Fence f) => XLib.Shared.Drain(f); }");
        test.TestState.AdditionalReferences.Add(XLib.Value.Image);
        test.TestState.AdditionalFiles.Add(("/lib/XLib.fenceguard", other));
        test.ExpectedDiagnostics.Add(SummaryVerify.Diagnostic("FG9002").WithArguments("XLib", "it has format version 2, and this FenceGuard reads version 1"));
        await test.RunAsync();
    }

    [Fact]
    public async Task SummaryOfAnotherFormatVersion_LeavesCallsUnknown_WithoutAD0001()
    {
        string other = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("fenceguard-summaries\t2\nassembly\tXLib\n")).TrimEnd('=');
        var test = new SectionVerify.Test();
        test.TestState.Sources.Add(Usings + "class App { [SignallingPath] void Retire(Fence f) => XLib.Shared.Drain(f); }");
        test.TestState.AdditionalReferences.Add(XLib.Value.Image);
        test.TestState.AdditionalFiles.Add(("/lib/XLib.fenceguard", other));
        await test.RunAsync();
    }

    [Fact]
    public async Task MalformedSummaryFile_IsFG9002()
    {
        var test = new SummaryVerify.Test();
        test.TestState.Sources.Add(Usings + "class App { }");
        test.TestState.AdditionalReferences.Add(XLib.Value.Image);
        test.TestState.AdditionalFiles.Add(("/lib/XLib.fenceguard", "not*base64!"));
        test.ExpectedDiagnostics.Add(SummaryVerify.Diagnostic("FG9002").WithArguments("XLib", "it is not a FenceGuard summary"));
        await test.RunAsync();
    }

    [Fact]
    public async Task CycleClosedByTheLibrarysOwnCode_IsFG0020InTheCaller_AtItsOwnEdge()
    {
        var test = WithLibrary(new GraphVerify.Test(), Usings + """
            class App
            {
                void SignalBAfterA() { XLib.Shared.A.{|#0:Wait|}(); XLib.Shared.B.Signal(); }
            }
            """);
        test.ExpectedDiagnostics.Add(GraphVerify.Diagnostic("FG0020").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(
            "'Shared.B' is signalled after waiting on 'Shared.A' (Test0.cs line 4) → 'Shared.A' is signalled after waiting on 'Shared.B' (XLib.cs line 17)"));
        await test.RunAsync();
    }

    [Fact]
    public async Task CycleAllInsideTheLibrary_IsLeftToTheLibrary()
    {
        var test = WithLibrary(new GraphVerify.Test(), Usings + """
            class App
            {
                static Fence _c = null!;
                void Signal() { XLib.Shared.SignalAAfterB(); _c.Signal(); }
            }
            """);
        await test.RunAsync();
    }

    [Fact]
    public async Task LockHeldWhileWaitingInTheLibrary_TakenInACallersSection_IsFG0005()
    {
        var test = WithLibrary(new GraphVerify.Test(), Usings + """
            class App
            {
                readonly ReservationObject _resv = new();
                void Complete(Fence done)
                {
                    using (Fence.BeginSignalling())
                    {
                        using (_resv.{|#0:Lock|}()) { done.Signal(); }
                    }
                }
            }
            """);
        test.ExpectedDiagnostics.Add(GraphVerify.Diagnostic("FG0005").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(
            "'_resv.Lock()' takes the reservation lock class (every ReservationObject)", "the signalling section opened at line 7",
            "a wait on parameter 'fence' in 'XLib' at XLib.cs line 20"));
        await test.RunAsync();
    }

    [Fact]
    public async Task BoundedFenceSignalledAfterALibraryWaitOnAUserFence_IsFG0010()
    {
        var test = WithLibrary(new IndefiniteVerify.Test(), Usings + """
            class App
            {
                static Fence _gpu = null!;
                void Present() { XLib.Shared.WaitForUser(); _gpu.{|#0:Signal|}(); }
            }
            """);
        test.ExpectedDiagnostics.Add(IndefiniteVerify.Diagnostic("FG0010").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(
            "'_gpu.Signal()' signals a bounded fence", "the call to 'WaitForUser', which waits on the indefinite 'Shared.Present' (XLib.cs line 18)"));
        await test.RunAsync();
    }

    [Fact]
    public async Task IndefiniteFencePublishedThroughALibraryMethod_IsFG0011AtTheCall()
    {
        var test = WithLibrary(new GraphVerify.Test(), Usings + """
            class App
            {
                readonly UserFence _client = new("client");
                readonly ReservationObject _buffer = new();
                Fence _proxy = null!;
                void Arm() => _client.AddCallback(_ => _proxy.Signal());
                void Share() => XLib.Shared.{|#0:Attach|}(_buffer, _proxy);
            }
            """);
        test.ExpectedDiagnostics.Add(GraphVerify.Diagnostic("FG0011").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(
            "'Attach'", "'App._proxy'", "'App._proxy' is signalled from a callback of 'App._client' (Test0.cs line 7)"));
        await test.RunAsync();
    }

    [Fact]
    public async Task UserFenceSignalledInTheLibraryAfterACallersFence_ClosesAnFG0021Cycle()
    {
        var test = WithLibrary(new GraphVerify.Test(), Usings + """
            class App
            {
                static Fence _render = null!;
                void Arm() => XLib.Shared.Present.{|#0:AddCallback|}(_ => _render.Signal());
                void Present() => XLib.Shared.SignalPresentAfter(_render);
            }
            """);
        test.ExpectedDiagnostics.Add(GraphVerify.Diagnostic("FG0021").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(
            "'App._render' is signalled from a callback of 'Shared.Present' (Test0.cs line 5) → 'Shared.Present' is signalled after waiting on 'App._render' (Test0.cs line 6)"));
        await test.RunAsync();
    }

    [Fact]
    public void RecordingTwice_GivesTheSameText()
    {
        RecordedLibrary again = RecordedLibrary.Build("XLib", Library);
        Assert.NotNull(XLib.Value.Summaries);
        Assert.Equal(XLib.Value.Summaries, again.Summaries);
    }

    [Fact]
    public void ABuildWithoutTheMarker_RecordsNothing()
    {
        Assert.Null(RecordedLibrary.Build("XLib", Library, record: false).Summaries);
    }

    // The IDE: a project reference is the referenced project's compilation.

    [Fact]
    public async Task ProjectReferenceInTheIde_CallsInASection_AreReportedFromTheProjectsCompilation()
    {
        var test = Referencing(new SectionVerify.Test(), Usings + """
            class App
            {
                void Retire(Fence upstream)
                {
                    using (Fence.BeginSignalling())
                    {
                        _ = XLib.Shared.{|#0:Format|}(1);
                        XLib.Shared.{|#1:Drain|}(upstream);
                        XLib.Shared.{|#2:Nap|}();
                        _ = XLib.Shared.Checksum(2);
                        Thread.{|#3:Sleep|}(1);
                    }
                }
            }
            """);
        test.ExpectedDiagnostics.Add(SectionVerify.Diagnostic("FG0001").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("the call to 'Format' (XLib.Shared.Format: 'new StringBuilder' at Test0.cs line 8)", "the signalling section opened at line 6"));
        test.ExpectedDiagnostics.Add(SectionVerify.Diagnostic("FG0003").WithLocation(1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("the call to 'Drain' (XLib.Shared.Drain: 'Fence.Wait' at Test0.cs line 9)", "the signalling section opened at line 6"));
        test.ExpectedDiagnostics.Add(SectionVerify.Diagnostic("FG0004").WithLocation(2).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("the call to 'Nap' (XLib.Shared.Nap: 'Thread.Sleep' at Test0.cs line 10)", "the signalling section opened at line 6"));
        test.ExpectedDiagnostics.Add(SectionVerify.Diagnostic("FG0004").WithLocation(3).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("'Thread.Sleep'", "the signalling section opened at line 6"));
        await test.RunAsync();
    }

    [Fact]
    public async Task ProjectReferenceInTheIde_CycleThroughTheOtherProject_IsFG0020()
    {
        var test = Referencing(new GraphVerify.Test(), Usings + """
            class App
            {
                void SignalBAfterA() { XLib.Shared.A.{|#0:Wait|}(); XLib.Shared.B.Signal(); }
            }
            """);
        test.ExpectedDiagnostics.Add(GraphVerify.Diagnostic("FG0020").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(
            "'Shared.B' is signalled after waiting on 'Shared.A' (Test0.cs line 4) → 'Shared.A' is signalled after waiting on 'Shared.B' (Test0.cs line 17)"));
        await test.RunAsync();
    }

    [Fact]
    public async Task ProjectReferenceInTheIde_ToAProjectWithoutTheRuntime_IsUnknown()
    {
        var test = new SectionVerify.Test();
        test.TestState.Sources.Add(Usings + "class App { [SignallingPath] void Retire() => Plain.Helpers.Nap(); }");
        ProjectState library = test.TestState.AdditionalProjects["Plain"];
        library.Sources.Add("namespace Plain { public static class Helpers { public static void Nap() => System.Threading.Thread.Sleep(1); } }");
        library.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        library.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
        test.TestState.AdditionalProjectReferences.Add("Plain");
        await test.RunAsync();
    }

    [Fact]
    public async Task ProjectReferenceInTheIde_ToTheRuntimeItself_IsModelledNotSummarized()
    {
        // A project that defines FenceGuard.Fence (the runtime, referenced as a project in this repository): its
        // internals (the validator's own lock) must not become summaries of Wait and CreateFence.
        var test = new GraphVerify.Test();
        test.TestState.AdditionalReferences.Clear();
        test.TestState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
        test.TestState.Sources.Add("""
            using FenceGuard;
            class App
            {
                static Fence _a = null!, _b = null!;
                void Pipeline() { Fence f = Runtime.Timeline.CreateFence(); _a.Wait(); _b.Signal(); }
            }
            """);
        ProjectState runtime = test.TestState.AdditionalProjects["FenceGuard"];
        runtime.Sources.Add("""
            namespace FenceGuard
            {
                public class Fence
                {
                    private static readonly object Gate = new();
                    private static Fence? _last;
                    public void Wait() { lock (Gate) { _last?.Wait(); } }
                    public bool Signal() { lock (Gate) { return true; } }
                }
                public class FenceTimeline { public Fence CreateFence() { var f = new Fence(); f.Signal(); return f; } }
            }
            namespace Runtime { public static class Timeline { public static readonly FenceGuard.FenceTimeline Ring = new(); public static FenceGuard.Fence CreateFence() => Ring.CreateFence(); } }
            """);
        runtime.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        runtime.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
        test.TestState.AdditionalProjectReferences.Add("FenceGuard");
        await test.RunAsync();
    }

    /// <summary>The library as a command-line build sees it: an image, and its summary file as an additional file.</summary>
    private static T WithLibrary<T>(T test, string app)
        where T : AnalyzerTest<DefaultVerifier>
    {
        test.TestState.Sources.Add(app);
        test.TestState.AdditionalReferences.Add(XLib.Value.Image);
        test.TestState.AdditionalFiles.Add(XLib.Value.SideCar);
        return test;
    }

    /// <summary>The library as the IDE sees it: a project reference to its compilation.</summary>
    private static T Referencing<T>(T test, string app)
        where T : AnalyzerTest<DefaultVerifier>
    {
        test.TestState.Sources.Add(app);
        ProjectState library = test.TestState.AdditionalProjects["XLib"];
        library.Sources.Add(Library);
        library.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        library.AdditionalReferences.AddRange(TestCompilations.References);
        test.TestState.AdditionalProjectReferences.Add("XLib");
        return test;
    }
}
