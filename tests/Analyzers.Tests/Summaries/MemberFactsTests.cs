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
        BodyFacts first = FactsOf("class S { " + members + " }", owner, out BodyFacts second);

        Assert.Same(first, second);
        Assert.Equal(opensSection, first.MentionsSection);
    }

    [Theory]
    [InlineData("class S { static string Name { get; } = string.Concat(\"a\", \"b\"); }", false)]
    [InlineData("class S { static readonly Fence Done = null!; static readonly Action Name = () => Done.Signal(); }", true)]
    [InlineData("[RecoverableFaults] class S { static string Name { get; } = string.Concat(\"a\", \"b\"); }", true)]
    public void Initializer_RecordsItsStepsOnlyWhenItMatters(string source, bool recorded)
    {
        BodyFacts facts = FactsOf(source, "Name", out _);

        Assert.Equal(recorded, facts.StepsRecorded);
    }

    private static BodyFacts FactsOf(string source, string owner, out BodyFacts again)
    {
        SummarizedCompilation holder = SummarizedCompilation.For("using System; using FenceGuard; " + source);
        ISymbol member = holder.Compilation.GetSymbolsWithName(owner).Single(s => s is IFieldSymbol or IPropertySymbol);
        SyntaxTree tree = holder.Compilation.SyntaxTrees.Single();
        EqualsValueClauseSyntax initializer = tree.GetRoot().DescendantNodes().OfType<EqualsValueClauseSyntax>()
            .Single(e => e.Parent is VariableDeclaratorSyntax { Identifier.Text: var name } ? name == owner : e.Parent is PropertyDeclarationSyntax { Identifier.Text: var property } && property == owner);
        ImmutableArray<IOperation> blocks = ImmutableArray.Create(holder.Compilation.GetSemanticModel(tree).GetOperation(initializer)!);

        again = holder.Summaries.FactsOf(member, blocks, CancellationToken.None);
        return holder.Summaries.FactsOf(member, blocks, CancellationToken.None);
    }
}
