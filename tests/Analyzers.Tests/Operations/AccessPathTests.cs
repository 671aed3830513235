using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Tests.Operations;

/// <summary>The one access-path identity of what an expression names, shared by fences, locks and reservation objects.</summary>
public class AccessPathTests
{
    private const string Types = """
        class Target { public ReservationObject Resv { get; } = new(); public Target Next = null!; public static Target Shared = new(); }
        """;

    [Theory]
    [InlineData("void M(Target t) { _ = [|t.Resv|]; }", "Parameter", "t", "Resv")]
    [InlineData("void M(Target t) { _ = [|t.Next.Resv|]; }", "Parameter", "t", "Next.Resv")]
    [InlineData("void M() { var t = new Target(); _ = [|t.Resv|]; }", "Local", "t", "Resv")]
    [InlineData("Target _t = new(); void M() { _ = [|_t.Resv|]; }", "This", "C", "_t.Resv")]
    [InlineData("Target _t = new(); void M() { _ = [|this._t|]; }", "This", "C", "_t")]
    [InlineData("void M() { _ = [|Target.Shared.Resv|]; }", "Static", "Target", "Shared.Resv")]
    [InlineData("static Target Make() => new(); void M() { _ = [|Make()|]; }", "Returned", "Make", "")]
    [InlineData("static Target Make() => new(); void M() { _ = [|Make().Resv|]; }", "Unknown", null, "Resv")]
    [InlineData("void M() { _ = [|typeof(Target)|]; }", "TypeOf", "Target", "")]
    [InlineData("void M(object o) { _ = [|(Target)o|]; }", "Parameter", "o", "")]
    public void Expression_HasItsRootAndMembers(string member, string root, string? rootName, string members)
    {
        MarkedOperation marked = MarkedOperation.In(Types + "class C { " + member + " }");

        AccessPath path = AccessPath.Of(marked.Operation)!;

        Assert.Equal(root, path.Root.ToString());
        Assert.Equal(rootName, path.RootSymbol?.Name);
        Assert.Equal(members, string.Join(".", path.Members.Select(m => m.Name)));
        Assert.Equal(root != "Unknown", path.IsExact);
    }

    [Theory]
    [InlineData("void M() { _ = [|1 + 2|]; }")]
    [InlineData("void M(Target[] ts) { _ = [|ts[0]|]; }")]
    public void ExpressionThatNamesNothing_HasNoPath(string member)
    {
        MarkedOperation marked = MarkedOperation.In(Types + "class C { " + member + " }");

        Assert.Null(AccessPath.Of(marked.Operation));
    }

    [Theory]
    [InlineData("t.Resv", "t.Resv", true)]
    [InlineData("t.Resv", "other.Resv", false)]
    [InlineData("t.Next.Resv", "t.Resv", false)]
    [InlineData("_t.Resv", "this._t.Resv", true)]
    [InlineData("Target.Shared.Resv", "Target.Shared.Resv", true)]
    [InlineData("Make().Resv", "Make().Resv", false)]
    public void TwoExpressions_NameTheSameObject_OnlyWhenTheirPathsAreEqualAndKnown(string first, string second, bool same)
    {
        string body = $"Target _t = new(); static Target Make() => new(); void M(Target t, Target other) {{ _ = [|{first}|]; _ = {second}; }}";
        MarkedOperation marked = MarkedOperation.In(Types + "class C { " + body + " }");
        var statements = ((IBlockOperation)marked.Operation.Syntax.Ancestors().Select(a => marked.Compilation.GetSemanticModel(a.SyntaxTree).GetOperation(a)).OfType<IBlockOperation>().First()).Operations;
        IOperation secondValue = ((ISimpleAssignmentOperation)((IExpressionStatementOperation)statements[1]).Operation).Value;

        Assert.Equal(same, AccessPath.Of(marked.Operation)!.SameObject(AccessPath.Of(secondValue)));
    }
}
