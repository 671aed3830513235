using System.Threading;
using FenceGuard.Analyzers.Summaries;
using FenceGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Tests.Summaries;

/// <summary>The summary fold over call-graph SCCs: which edges a method's code creates, through calls and recursion.</summary>
public class FenceSummaryTests
{
    private const string Fences = "static Fence A = null!, B = null!, C = null!; static UserFence U = null!; static readonly object Gate = new(); ";

    [Theory]
    [InlineData("void M() { A.Wait(); B.Signal(); }", "F:S.B→F:S.A")]
    [InlineData("void M() { B.Signal(); A.Wait(); }", "")]
    [InlineData("void M() { WaitA(); SignalB(); } void WaitA() => A.Wait(); void SignalB() => B.Signal();", "F:S.B→F:S.A")]
    [InlineData("void M() { Pass(A, B); } void Pass(Fence w, Fence s) { w.Wait(); s.Signal(); }", "F:S.B→F:S.A")]
    [InlineData("void M() { A.AddCallback(_ => B.Signal()); }", "F:S.B→F:S.A")]
    [InlineData("void M() { lock (Gate) { A.Wait(); } }", "lock:F:S.Gate→F:S.A")]
    [InlineData("void M(int n) { if (n > 0) { M(n - 1); } A.Wait(); Odd(n); } void Odd(int n) { if (n > 0) M(n - 1); B.Signal(); }", "F:S.B→F:S.A")]
    [InlineData("void M() { U.Wait(TimeSpan.Zero); C.Signal(); }", "F:S.C→F:S.U")]
    public void Method_CreatesItsEdges(string members, string edges)
    {
        SummarizedCompilation holder = SummarizedCompilation.For("using System; using FenceGuard; class S { " + Fences + members + " }");
        IMethodSymbol m = holder.Method("M");

        FenceSummary summary = holder.Summaries.FencesOf(m, CancellationToken.None);

        Assert.Equal(edges, string.Join(" ", summary.Edges.Values.Where(e => e.IsConcrete).Select(e => e.Key).OrderBy(k => k, StringComparer.Ordinal)));
    }

    [Fact]
    public void EveryMemberOfAComponent_SharesTheFixpoint()
    {
        SummarizedCompilation holder = SummarizedCompilation.For(
            "using FenceGuard; class S { " + Fences + "void Ping(int n) { A.Wait(); if (n > 0) Pong(n - 1); } void Pong(int n) { if (n > 0) Ping(n - 1); B.Signal(); } }");

        FenceSummary ping = holder.Summaries.FencesOf(holder.Method("Ping"), CancellationToken.None);
        FenceSummary pong = holder.Summaries.FencesOf(holder.Method("Pong"), CancellationToken.None);

        Assert.Contains("F:S.A", ping.Waits.Keys);
        Assert.Contains("F:S.B", ping.Signals.Keys); // through Pong, in the same component
        Assert.Contains("F:S.A", pong.Waits.Keys);  // through Ping
    }
}
