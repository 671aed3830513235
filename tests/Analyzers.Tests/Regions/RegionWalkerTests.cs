using System.Threading;
using FenceGuard.Analyzers.Regions;
using FenceGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FenceGuard.Analyzers.Tests.Regions;

/// <summary>What opens a region and what ends it: the section, the function and the frame each operation runs in.</summary>
public class RegionWalkerTests
{
    private const string Members = "Fence f = null!; static void Run(Action a) => a(); ";

    [Theory]
    [InlineData("void M() { using (Fence.BeginSignalling()) { [|f.Signal()|]; } }", "the signalling section opened at line 3")]
    [InlineData("void M() { using var s = Fence.BeginSignalling(); [|f.Signal()|]; }", "the signalling section opened at line 3")]
    [InlineData("void M() { var s = Fence.BeginSignalling(); try { [|f.Signal()|]; } finally { Fence.EndSignalling(s); } }", "the signalling section opened at line 3")]
    [InlineData("void M() { var s = Fence.BeginSignalling(); Fence.EndSignalling(s); [|f.Signal()|]; }", null)]
    [InlineData("void M() { var s = Fence.BeginSignalling(); try { } finally { Fence.EndSignalling(s); } [|f.Signal()|]; }", null)]
    [InlineData("void M(bool x) { var s = Fence.BeginSignalling(); if (x) { Fence.EndSignalling(s); return; } [|f.Signal()|]; Fence.EndSignalling(s); }", "the signalling section opened at line 3")]
    [InlineData("void M() { [|f.Signal()|]; using (Fence.BeginSignalling()) { } }", null)]
    [InlineData("void M() { f.AddCallback(x => [|x.Signal()|]); }", "the fence callback at line 3 (callbacks run in the signaller's context)")]
    [InlineData("void M() { using (Fence.BeginSignalling()) { Run(() => [|f.Signal()|]); } }", null)]
    [InlineData("[SignallingPath] void M() { [|f.Signal()|]; }", "the [SignallingPath] method 'M'")]
    [InlineData("void M() { [SignallingPath] void Local() => [|f.Signal()|]; Local(); }", "the [SignallingPath] local function 'Local'")]
    public void Operation_RunsInItsSection(string member, string? section)
    {
        (Region region, _) = RegionOfMarked(member);

        Assert.Equal(section, region.Section?.Description);
    }

    [Theory]
    [InlineData("void M() { [|f.Signal()|]; }", 0, "Block", 0)]
    [InlineData("void M() { Run(() => { }); [|f.Signal()|]; }", 0, "Block", 1)]
    [InlineData("void M() { Run(() => [|f.Signal()|]); }", 1, "Block", 0)] // an expression-bodied lambda's body is an implicit block
    [InlineData("void M() { Run(() => { Run(() => { }); Run(() => [|f.Signal()|]); }); }", 3, "Block", 0)]
    [InlineData("void M(bool x) { if (x) [|f.Signal()|]; }", 0, "Conditional", 1)]
    [InlineData("void M(bool x) { if (x) { } else { f.Wait(); [|f.Signal()|]; } }", 0, "Block", 1)]
    public void Operation_HasItsFunctionAndFramePosition(string member, int function, string frame, int statement)
    {
        (Region region, RegionWalker walker) = RegionOfMarked(member);

        Assert.Equal(function, region.Function);
        Assert.Equal(frame, region.Frame.Kind.ToString());
        Assert.Equal(statement, region.Statement);
        Assert.Equal(-1, walker.FunctionParents[0]);
    }

    private static (Region Region, RegionWalker Walker) RegionOfMarked(string member)
    {
        MarkedOperation marked = MarkedOperation.In("class C {\n" + Members + member + " }");
        SyntaxNode method = marked.Operation.Syntax.Ancestors().OfType<MethodDeclarationSyntax>().First();
        IOperation body = marked.Compilation.GetSemanticModel(method.SyntaxTree).GetOperation(method)!;
        var walker = new RegionWalker(marked.Symbols, marked.Api, CancellationToken.None);
        Region? found = null;
        walker.Walk(body, method is MethodDeclarationSyntax { AttributeLists.Count: > 0 }
            ? SectionInfo.ForSignallingPath(marked.Compilation.GetSemanticModel(method.SyntaxTree).GetDeclaredSymbol(method)!, method.GetLocation())
            : null, (operation, region) =>
        {
            if (operation.Syntax == marked.Operation.Syntax && operation.Kind == marked.Operation.Kind)
            {
                found = region;
            }
        });
        Assert.True(found.HasValue, "the walk visits the marked operation");
        return (found!.Value, walker);
    }
}
