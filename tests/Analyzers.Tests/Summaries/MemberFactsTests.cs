using System.Collections.Immutable;
using System.Threading;
using FenceGuard.Analyzers.Facts;
using FenceGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FenceGuard.Analyzers.Tests.Summaries;

/// <summary>A member that is no method (a field or property initializer) is walked once, whichever analyzer asks first.</summary>
public class MemberFactsTests
{
    [Theory]
    [InlineData("static readonly Fence A = null!; static readonly Action Run = () => { using (Fence.BeginSignalling()) { A.Wait(); } };", "Run", true)]
    [InlineData("static int Count { get; } = Compute(); static int Compute() => 1;", "Count", false)]
    public void Initializer_IsWalkedOnceAndShared(string members, string owner, bool opensSection)
    {
        SummarizedCompilation holder = SummarizedCompilation.For("using System; using FenceGuard; class S { " + members + " }");
        ISymbol member = holder.Compilation.GetSymbolsWithName(owner).Single(s => s is IFieldSymbol or IPropertySymbol);
        SyntaxTree tree = holder.Compilation.SyntaxTrees.Single();
        EqualsValueClauseSyntax initializer = tree.GetRoot().DescendantNodes().OfType<EqualsValueClauseSyntax>()
            .Single(e => e.Parent is VariableDeclaratorSyntax { Identifier.Text: var name } ? name == owner : e.Parent is PropertyDeclarationSyntax { Identifier.Text: var property } && property == owner);
        ImmutableArray<IOperation> blocks = ImmutableArray.Create(holder.Compilation.GetSemanticModel(tree).GetOperation(initializer)!);

        BodyFacts first = holder.Summaries.FactsOf(member, blocks, CancellationToken.None);
        BodyFacts second = holder.Summaries.FactsOf(member, blocks, CancellationToken.None);

        Assert.Same(first, second);
        Assert.Equal(opensSection, first.MentionsSection);
    }
}
