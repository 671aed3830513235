using System.IO;
using System.Threading;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Reflection;
using FenceGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FenceGuard.Analyzers.Tests;

/// <summary>The runtime validator's process-wide state: the agreement scenarios run alone.</summary>
[CollectionDefinition(nameof(ValidatorCollection), DisableParallelization = true)]
public sealed class ValidatorCollection
{
}

/// <summary>
/// The analyzers and the runtime validator agree: each scenario is one piece of C#, compiled with Roslyn, analysed by
/// every FenceGuard analyzer, then loaded and run under the validator in Record mode: its two orders on two threads,
/// one after the other, so that nothing deadlocks. A lock order the analyzers report (FG0005, or FG0020 through a lock)
/// is a lock-order inversion the validator reports, and a correct pattern is quiet in both. The runtime tracks
/// reservation locks and <c>FenceLock</c>s (a <c>lock</c> statement is not tracked at run time), and signalling paths
/// are sections (the kernel's drivers annotate theirs with <c>dma_fence_begin_signalling</c>), so the scenarios are
/// written that way.
/// </summary>
[Collection(nameof(ValidatorCollection))]
public sealed class AgreementTests : IDisposable
{
    private const string Usings = "using System; using System.Threading; using FenceGuard;\n";

    private static readonly Dictionary<string, (string Source, string[] Ids, bool Inversion)> Scenarios = new()
    {
        ["a FenceLock held over a wait, taken in a section"] = ("""
            public static class Scenario
            {
                static readonly FenceLock Gate = new("Agree.Gate");
                static readonly Fence Done = Signalled();
                static Fence Signalled() { var f = new FenceTimeline("t").CreateFence(); f.Signal(); return f; }
                public static void First() { using (Gate.Acquire()) { Done.Wait(); } }
                public static void Second() { using (Fence.BeginSignalling()) using (Gate.Acquire()) { } }
            }
            """, new[] { "FG0005" }, true),
        ["a reservation lock held over a reservation wait, another taken in a section"] = ("""
            public static class Scenario
            {
                static readonly ReservationObject Mine = new("mine"), Other = new("other");
                public static void First() { using (Mine.Lock()) { Mine.Wait(FenceUsage.Write, TimeSpan.Zero); } }
                public static void Second() { using (Fence.BeginSignalling()) using (Other.Lock()) { } }
            }
            """, new[] { "FG0005" }, true),
        ["the wait through a call"] = ("""
            public static class Scenario
            {
                static readonly FenceLock Gate = new("Agree.Call");
                static readonly Fence Done = Signalled();
                static Fence Signalled() { var f = new FenceTimeline("t").CreateFence(); f.Signal(); return f; }
                static void Sync() => Done.Wait();
                public static void First() { using (Gate.Acquire()) { Sync(); } }
                public static void Second() { using (Fence.BeginSignalling()) using (Gate.Acquire()) { } }
            }
            """, new[] { "FG0005" }, true),
        ["the lock taken through a call in the section"] = ("""
            public static class Scenario
            {
                static readonly FenceLock Gate = new("Agree.Log");
                static readonly Fence Done = Signalled();
                static Fence Signalled() { var f = new FenceTimeline("t").CreateFence(); f.Signal(); return f; }
                static void Log() { using (Gate.Acquire()) { } }
                public static void First() { using (Gate.Acquire()) { Done.Wait(); } }
                public static void Second() { using (Fence.BeginSignalling()) { Log(); } }
            }
            """, new[] { "FG0005" }, true),
        ["a lock held around a path that may reclaim"] = ("""
            public static class Scenario
            {
                static readonly FenceLock Gate = new("Agree.Reclaim");
                public static void First() { using (Gate.Acquire()) { Fence.MightReclaim(); } }
                public static void Second() { using (Fence.BeginSignalling()) using (Gate.Acquire()) { } }
            }
            """, new[] { "FG0005" }, true),
        ["a lock held around MightWait"] = ("""
            public static class Scenario
            {
                static readonly FenceLock Gate = new("Agree.MightWait");
                public static void First() { using (Gate.Acquire()) { Fence.MightWait(); } }
                public static void Second() { using (Fence.BeginSignalling()) using (Gate.Acquire()) { } }
            }
            """, new[] { "FG0005" }, true),
        ["the lock taken in a fence callback"] = ("""
            public static class Scenario
            {
                static readonly FenceLock Gate = new("Agree.Callback");
                static readonly Fence Done = Signalled();
                static Fence Signalled() { var f = new FenceTimeline("t").CreateFence(); f.Signal(); return f; }
                static readonly Fence Pending = new FenceTimeline("p").CreateFence();
                public static void First() { using (Gate.Acquire()) { Done.Wait(); } }
                public static void Second()
                {
                    Pending.AddCallback(_ => { using (Gate.Acquire()) { } });
                    Pending.Signal();
                }
            }
            """, new[] { "FG0005" }, true),
        ["two reservation objects, one class: held over a fence wait, taken where the fence is signalled"] = ("""
            public static class Scenario
            {
                static readonly ReservationObject Vertices = new("vertices"), Textures = new("textures");
                static readonly Fence Upload = Signalled();
                static Fence Signalled() { var f = new FenceTimeline("t").CreateFence(); f.Signal(); return f; }
                public static void First() { using (Vertices.Lock()) { Upload.Wait(); } }
                public static void Second() { using (Fence.BeginSignalling()) using (Textures.Lock()) { Upload.Signal(); } }
            }
            """, new[] { "FG0005" }, true),
        ["a FenceLock held while waiting on the fence whose signalling path takes it"] = ("""
            public static class Scenario
            {
                static readonly FenceLock Gate = new("Agree.Queue");
                static readonly Fence Idle = Signalled();
                static Fence Signalled() { var f = new FenceTimeline("t").CreateFence(); f.Signal(); return f; }
                public static void First() { var held = Gate.Acquire(); try { Idle.Wait(); } finally { held.Dispose(); } }
                public static void Second() { using (Fence.BeginSignalling()) { using (Gate.Acquire()) { Idle.Signal(); } } }
            }
            """, new[] { "FG0005" }, true),
        ["correct: reserve, then publish from a section under the lock"] = ("""
            public static class Scenario
            {
                static readonly ReservationObject Buffer = new("buffer");
                public static void First()
                {
                    Fence fence = new FenceTimeline("t").CreateFence();
                    using (Buffer.Lock())
                    {
                        Buffer.ReserveSlots(1);
                        using (Fence.BeginSignalling())
                        {
                            Buffer.AddFence(fence, FenceUsage.Write);
                        }
                    }
                }
                public static void Second() => First();
            }
            """, Array.Empty<string>(), false),
        ["correct: the wait outside the lock"] = ("""
            public static class Scenario
            {
                static readonly FenceLock Gate = new("Agree.Outside");
                static readonly Fence Done = Signalled();
                static Fence Signalled() { var f = new FenceTimeline("t").CreateFence(); f.Signal(); return f; }
                public static void First() { using (Gate.Acquire()) { } Done.Wait(); }
                public static void Second() { using (Fence.BeginSignalling()) using (Gate.Acquire()) { } }
            }
            """, Array.Empty<string>(), false),
        ["correct: a lock held over a wait that no section takes"] = ("""
            public static class Scenario
            {
                static readonly FenceLock Gate = new("Agree.Unshared");
                static readonly FenceLock Other = new("Agree.Section");
                static readonly Fence Done = Signalled();
                static Fence Signalled() { var f = new FenceTimeline("t").CreateFence(); f.Signal(); return f; }
                public static void First() { using (Gate.Acquire()) { Done.Wait(); } }
                public static void Second() { using (Fence.BeginSignalling()) using (Other.Acquire()) { } }
            }
            """, Array.Empty<string>(), false),
        ["correct: the lock taken after the section ends"] = ("""
            public static class Scenario
            {
                static readonly FenceLock Gate = new("Agree.After");
                static readonly Fence Done = Signalled();
                static Fence Signalled() { var f = new FenceTimeline("t").CreateFence(); f.Signal(); return f; }
                public static void First() { using (Gate.Acquire()) { Done.Wait(); } }
                public static void Second() { using (Fence.BeginSignalling()) { } using (Gate.Acquire()) { } }
            }
            """, Array.Empty<string>(), false),
    };

    public AgreementTests()
    {
        FenceValidation.ForgetLockOrders();
        FenceValidation.ClearViolations();
    }

    public void Dispose()
    {
        FenceValidation.Mode = FenceValidationMode.Off;
        FenceValidation.ClearViolations();
        FenceValidation.ForgetLockOrders();
    }

    public static TheoryData<string> Names => new(Scenarios.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Scenario_TheAnalyzersAndTheValidatorAgree(string name)
    {
        (string source, string[] ids, bool inversion) = Scenarios[name];
        CSharpCompilation compilation = TestCompilations.Create(Usings + source);

        ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(AllAnalyzers(),
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false))
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        Assert.Equal(ids, diagnostics.Select(d => d.Id).Where(id => id.StartsWith("FG0", StringComparison.Ordinal)).Distinct().OrderBy(id => id, StringComparer.Ordinal));

        Type scenario = Load(compilation).GetType("Scenario", throwOnError: true)!;
        FenceValidation.Mode = FenceValidationMode.Record;
        OnThread(() => scenario.GetMethod("First")!.Invoke(null, null));
        OnThread(() => scenario.GetMethod("Second")!.Invoke(null, null));
        FenceValidation.Mode = FenceValidationMode.Off;

        IReadOnlyList<FenceViolation> violations = FenceValidation.Violations;
        if (inversion)
        {
            FenceViolation found = Assert.Single(violations);
            Assert.Equal(FenceViolationKind.LockOrderInversion, found.Kind);
            Assert.True(found.Chain.Count >= 2, found.ToString()); // the new order, and the path back (through reclaim: three)
        }
        else
        {
            Assert.Empty(violations);
        }
    }

    [Fact]
    public void TheSuite_HasAtLeastTwelveScenarios_BothKinds()
    {
        Assert.True(Scenarios.Count >= 12, $"{Scenarios.Count} scenarios");
        Assert.Contains(Scenarios.Values, s => s.Inversion);
        Assert.Contains(Scenarios.Values, s => !s.Inversion);
    }

    private static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers() => typeof(FenceGuard.Analyzers.Rules.FenceGuardAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)).Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToImmutableArray();

    private static Assembly Load(CSharpCompilation compilation)
    {
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(image);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        // A context of its own per scenario (every scenario's assembly has one name); FenceGuard.dll resolves to the one loaded here.
        return new System.Runtime.Loader.AssemblyLoadContext(null, isCollectible: true).LoadFromStream(new MemoryStream(image.ToArray()));
    }

    private static void OnThread(Action action)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        Assert.Null(failure);
    }
}
