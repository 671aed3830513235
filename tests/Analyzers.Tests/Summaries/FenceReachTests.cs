using System.Collections.Generic;
using System.Threading;
using FenceGuard.Analyzers.Facts;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Tests.Summaries;

/// <summary>
/// What code that cannot matter costs: a body that names no fence and takes no lock records its calls only, its effects
/// are classified when a rule asks, and only methods that can reach a fence are summarized for the graph.
/// </summary>
public class FenceReachTests
{
    private const string Prelude = "using System; using System.Text; using System.Threading; using FenceGuard; class S { static Fence A = null!, B = null!; static readonly object Gate = new(); ";

    [Theory]
    [InlineData("void M() { var s = new StringBuilder(); s.Append(1); }", false)]
    [InlineData("void M() { Thread.Sleep(1); Helper(); } void Helper() { }", false)]
    [InlineData("void M() { A.Wait(); }", true)]
    [InlineData("void M() { var f = A; }", true)]
    [InlineData("void M() { lock (Gate) { } }", true)]
    [InlineData("void M() { using (Fence.BeginSignalling()) { } }", true)]
    [InlineData("void M() { var t = new System.Threading.Tasks.TaskCompletionSource(); }", true)]
    [InlineData("[SignallingPath] void M() { var s = new StringBuilder(); }", true)]
    [InlineData("void M(Fence f) { var s = new StringBuilder(); }", true)]
    public void Body_RecordsItsStepsOnlyWhenItMatters(string members, bool recorded)
    {
        SummarizedCompilation holder = SummarizedCompilation.For(Prelude + members + " }");

        BodyFacts facts = holder.DriverFactsOf("M");

        Assert.Equal(recorded, facts.StepsRecorded);
    }

    [Fact]
    public void BodyThatDoesNotMatter_KeepsItsCalls()
    {
        SummarizedCompilation holder = SummarizedCompilation.For(Prelude + "void M() { Thread.Sleep(1); Helper(); Other(); } void Helper() { } void Other() { } }");

        BodyFacts facts = holder.DriverFactsOf("M");

        Assert.Empty(facts.Steps);
        Assert.Equal(new[] { "Helper", "Other" }, facts.Callees.Select(c => c.Callee.Name)); // calls of source methods, in order
        Assert.Equal(new[] { "Helper", "Other" }, facts.Events.Bodies[0].Select(e => e.Callee!.Name)); // what the fence fold orders
        Assert.Equal(new[] { "Helper", "Other" }, facts.Dependencies.Select(d => d.Name));
    }

    [Fact]
    public void BodyThatDoesNotMatter_HasItsEffectsClassifiedWhenAsked()
    {
        SummarizedCompilation holder = SummarizedCompilation.For(Prelude + "void M() { var s = new StringBuilder(); Thread.Sleep(1); } }");
        IMethodSymbol m = holder.Method("M");
        Assert.False(holder.DriverFactsOf("M").StepsRecorded);

        BodyFacts recorded = holder.Summaries.RecordedFactsOf(m, CancellationToken.None);

        Assert.True(recorded.StepsRecorded);
        Assert.Equal(new[] { EffectKind.Allocation, EffectKind.Blocking }, recorded.Steps.Where(s => s.Effect.HasValue).Select(s => s.Effect!.Value.Kind));
        Assert.Same(recorded, holder.Summaries.RecordedFactsOf(m, CancellationToken.None)); // walked again once, not per question
        Assert.NotNull(holder.Summaries.Get(m, CancellationToken.None)[EffectKind.Allocation]); // the summary's witness comes from it
    }

    [Fact]
    public void BodyBoundOnDemand_RecordsItsStepsAtOnce()
    {
        // A callee the driver has not handed over is bound because a summary needs it: it is never bound twice.
        SummarizedCompilation holder = SummarizedCompilation.For(Prelude + "void M() { var s = new StringBuilder(); } }");

        BodyFacts facts = holder.Summaries.FactsOf(holder.Method("M"), CancellationToken.None);

        Assert.True(facts.StepsRecorded);
        Assert.Same(facts, holder.Summaries.RecordedFactsOf(holder.Method("M"), CancellationToken.None));
    }

    [Fact]
    public void MethodsThatCanReachAFence_AreTheOnlyOnesSummarizedForTheGraph()
    {
        SummarizedCompilation holder = SummarizedCompilation.For(Prelude +
            "void Top() { Middle(); Unrelated(); } void Middle() { WaitA(); } void WaitA() => A.Wait(); " +
            "void Unrelated() { Leaf(); } void Leaf() { var s = new StringBuilder(); } " +
            "void Locks() { lock (Gate) { } } void CallsLocks() => Locks(); " +
            "void LockedWait() { lock (Gate) { A.Wait(); } } void SignalsAfterLock() { Locks(); B.Signal(); } }");
        foreach (string name in new[] { "Top", "Middle", "WaitA", "Unrelated", "Leaf", "Locks", "CallsLocks", "LockedWait", "SignalsAfterLock" })
        {
            _ = holder.DriverFactsOf(name); // as the driver hands every body over
        }

        HashSet<IMethodSymbol> reaching = holder.Summaries.ReachingFences(CancellationToken.None);

        // A lock alone orders no fence (Locks, CallsLocks): its edges start where a wait is under it or a signal after it.
        Assert.Equal(new[] { "LockedWait", "Middle", "SignalsAfterLock", "Top", "WaitA" }, reaching.Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal));
        IMethodSymbol signals = reaching.Single(m => m.Name == "SignalsAfterLock");
        Assert.Contains(holder.Summaries.FencesOf(signals, CancellationToken.None).Edges.Values,
            e => e.Kind == FenceGuard.Analyzers.Summaries.EdgeKind.TakesLock && e.To.Display.Contains("Gate", StringComparison.Ordinal));
    }

    [Fact]
    public void CalleeNobodyWalked_IsWalkedToDecideWhatReachesAFence()
    {
        SummarizedCompilation holder = SummarizedCompilation.For(Prelude + "void Top() { WaitA(); } void WaitA() => A.Wait(); }");
        _ = holder.DriverFactsOf("Top"); // WaitA's body never handed over (generated code, say)

        HashSet<IMethodSymbol> reaching = holder.Summaries.ReachingFences(CancellationToken.None);

        Assert.Equal(new[] { "Top", "WaitA" }, reaching.Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal));
    }
}
