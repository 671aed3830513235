using System.Collections.Generic;
using System.Threading;
using FenceGuard.Analyzers.Graph;
using FenceGuard.Analyzers.Summaries;
using FenceGuard.Analyzers.Tests.Verifiers;

namespace FenceGuard.Analyzers.Tests.Graph;

/// <summary>One graph per compilation from the summaries' concrete edges; cycles from strongly connected components.</summary>
public class FenceGraphTests
{
    private const string Fences = "static Fence A = null!, B = null!, C = null!; static UserFence U = null!; ";

    [Theory]
    [InlineData("void X() { A.Wait(); B.Signal(); } void Y() { B.Wait(); A.Signal(); }", 1, false)]
    [InlineData("void X() { A.Wait(); B.Signal(); } void Y() { B.Wait(); C.Signal(); } void Z() { C.Wait(); A.Signal(); }", 1, false)]
    [InlineData("void X() { A.Wait(); B.Signal(); } void Y() { A.Wait(); C.Signal(); }", 0, false)]
    [InlineData("void X() { U.Wait(System.TimeSpan.Zero); B.Signal(); } void Y() { B.Wait(); U.Signal(); }", 1, true)]
    [InlineData("void X() { A.Wait(); B.Signal(); } void Y() { B.Wait(); A.Signal(); } void P() { C.Wait(); U.Signal(); } void Q() { U.Wait(System.TimeSpan.Zero); C.Signal(); }", 2, true)]
    public void Summaries_MakeTheirCycles(string members, int cycles, bool crossesBoundary)
    {
        var holder = SummarizedCompilation.For("using FenceGuard; class S { " + Fences + members + " }");
        var summaries = new[] { "X", "Y", "Z", "P", "Q" }
            .SelectMany(name => holder.Compilation.GetSymbolsWithName(name).OfType<Microsoft.CodeAnalysis.IMethodSymbol>())
            .Select(method => holder.Summaries.FencesOf(method, CancellationToken.None)).ToList();

        IReadOnlyList<FenceCycle> found = FenceGraph.Build(summaries, CancellationToken.None).Cycles(CancellationToken.None);

        Assert.Equal(cycles, found.Count);
        Assert.Equal(crossesBoundary, found.Any(c => c.CrossesBoundary));
    }
}
