using System.Collections.Immutable;
using System.Threading;
using FenceGuard.Analyzers.Facts;
using FenceGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Tests.Summaries;

/// <summary>
/// A body the analyzer driver handed over is walked from the driver's operations, never bound again: the driver hands
/// over a member's executable blocks (whose parent is the body operation), not the body operation itself.
/// </summary>
public class DriverBlocksTests
{
    // Each member calls Helper() once, so a walk of the right root sees exactly that call.
    [Theory]
    [InlineData("void M() { Helper(); }", "M")]
    [InlineData("void M() => Helper();", "M")]
    [InlineData("async System.Threading.Tasks.Task M() { await System.Threading.Tasks.Task.Yield(); Helper(); }", "M")]
    [InlineData("System.Collections.Generic.IEnumerable<int> M() { Helper(); yield return 1; }", "M")]
    [InlineData("void M(int a = 1, [System.ComponentModel.Description(\"b\")] int b = 2) { Helper(); }", "M")]
    [InlineData("public S() { Helper(); }", ".ctor")]
    [InlineData("public S(int a) : this(a, a) { Helper(); } S(int a, int b) { }", ".ctor")]
    [InlineData("static S() { Helper(); }", ".cctor")]
    [InlineData("~S() { Helper(); }", "Finalize")]
    [InlineData("int P { get { Helper(); return 1; } }", "get_P")]
    [InlineData("int P { get => Helper(); }", "get_P")]
    [InlineData("int P => Helper();", "get_P")]
    [InlineData("int P { set { Helper(); } }", "set_P")]
    [InlineData("int this[int i] { get { Helper(); return i; } }", "get_Item")]
    [InlineData("event System.Action E { add { Helper(); } remove { } }", "add_E")]
    [InlineData("public static S operator +(S a, S b) { Helper(); return a; }", "op_Addition")]
    [InlineData("public static implicit operator int(S s) => Helper();", "op_Implicit")]
    public void HandedOverBody_IsWalkedFromTheDriversBlocksAndNeverBoundAgain(string member, string name)
    {
        SummarizedCompilation holder = SummarizedCompilation.For("using FenceGuard; partial class S { static readonly Fence F = null!; " + member + " static int Helper() => 0; }");
        IMethodSymbol method = holder.Compilation.GetTypeByMetadataName("S")!.GetMembers(name).OfType<IMethodSymbol>()
            .Single(m => m.DeclaringSyntaxReferences.Single().GetSyntax().ToString().Contains("Helper()", System.StringComparison.Ordinal));
        ImmutableArray<IOperation> blocks = holder.DriverBlocks(method);

        BodyFacts walked = holder.Summaries.FactsOf(method, blocks, CancellationToken.None);
        BodyFacts asked = holder.Summaries.FactsOf(method, CancellationToken.None);

        Assert.Equal(0, holder.Summaries.BoundBodies);
        Assert.Same(walked, asked);
        Assert.Contains(walked.Dependencies, callee => callee.Name == "Helper");
    }

    [Fact]
    public void PartialMethod_IsWalkedFromItsImplementationsBlocks()
    {
        SummarizedCompilation holder = SummarizedCompilation.For(
            "using FenceGuard; partial class S { static readonly Fence F = null!; partial void M(); static int Helper() => 0; } partial class S { partial void M() { Helper(); } }");
        IMethodSymbol definition = holder.Method("M");
        IMethodSymbol implementation = definition.PartialImplementationPart ?? definition;
        ImmutableArray<IOperation> blocks = holder.DriverBlocks(implementation);

        BodyFacts walked = holder.Summaries.FactsOf(implementation, blocks, CancellationToken.None);

        Assert.Equal(0, holder.Summaries.BoundBodies);
        Assert.Contains(walked.Dependencies, callee => callee.Name == "Helper");
    }

    [Theory]
    [InlineData("abstract class S { public abstract void M(); }", "S", "M")]
    [InlineData("interface S { void M(); }", "S", "M")]
    [InlineData("class S { int P { get; set; } }", "S", "get_P")]
    [InlineData("class S { int P { get; init; } }", "S", "set_P")]
    [InlineData("class S { [System.Runtime.InteropServices.DllImport(\"x\")] static extern void M(); }", "S", "M")]
    [InlineData("delegate void S();", "S", "Invoke")]
    [InlineData("delegate void S();", "S", "BeginInvoke")]
    [InlineData("partial class S { partial void M(); }", "S", "M")]
    public void DeclarationWithoutBody_IsNeverBound(string source, string type, string name)
    {
        SummarizedCompilation holder = SummarizedCompilation.For("using FenceGuard; static class Uses { static readonly Fence F = null!; } " + source);
        IMethodSymbol method = holder.Compilation.GetTypeByMetadataName(type)!.GetMembers(name).OfType<IMethodSymbol>().Single();

        BodyFacts facts = holder.Summaries.FactsOf(method, CancellationToken.None);

        Assert.Equal(0, holder.Summaries.BoundBodies);
        Assert.Empty(facts.Dependencies);
    }

    [Fact]
    public void AbstractMethod_WithoutBinding_StillCallsItsImplementations()
    {
        SummarizedCompilation holder = SummarizedCompilation.For(
            "using FenceGuard; abstract class S { static readonly Fence F = null!; public abstract void M(); } class T : S { public override void M() { } }");
        IMethodSymbol method = holder.Compilation.GetTypeByMetadataName("S")!.GetMembers("M").OfType<IMethodSymbol>().Single();

        BodyFacts facts = holder.Summaries.FactsOf(method, CancellationToken.None);

        Assert.Equal(0, holder.Summaries.BoundBodies);
        Assert.Contains(facts.Dependencies, callee => callee.ContainingType.Name == "T");
    }

    [Fact]
    public void BodyNobodyHandedOver_IsBoundOnceWhenAsked()
    {
        SummarizedCompilation holder = SummarizedCompilation.For("using FenceGuard; class S { static readonly Fence F = null!; void M() { Helper(); } static int Helper() => 0; }");

        BodyFacts first = holder.Summaries.FactsOf(holder.Method("M"), CancellationToken.None);
        BodyFacts again = holder.Summaries.FactsOf(holder.Method("M"), CancellationToken.None);

        Assert.Equal(1, holder.Summaries.BoundBodies);
        Assert.Same(first, again);
        Assert.Contains(first.Dependencies, callee => callee.Name == "Helper");
    }
}
