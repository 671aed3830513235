using FenceGuard.Analyzers.Facts;
using FenceGuard.Analyzers.Tests.Verifiers;

namespace FenceGuard.Analyzers.Tests.Summaries;

/// <summary>
/// What a body records of the delegates it stores into fields, properties and events (every body, whether or not it
/// matters): what the end-of-compilation reach reads, so that it neither searches the syntax nor binds anything.
/// </summary>
public class DelegateStoreTests
{
    private const string Prelude =
        "using System; using System.Threading; using FenceGuard; class S { Action _a = null!; Action? Prop { get; set; } event Action? Done; static void Nap() { } ";

    [Theory]
    [InlineData("void M() { _a = () => { }; }", "_a", "lambda")]
    [InlineData("void M() { _a += Nap; }", "_a", "Nap")]
    [InlineData("void M() { Prop ??= Nap; }", "Prop", "Nap")]
    [InlineData("void M() { Done += Nap; }", "Done", "Nap")]
    [InlineData("void M(Action given) { _a = given; }", "_a", "parameter 0")]
    [InlineData("void M() { _a = Prop!; }", "_a", "Prop")]
    [InlineData("void M() { var s = new S { Prop = Nap }; }", "Prop", "Nap")]
    [InlineData("void M() { Action local = Nap; _a = local; }", "_a", "Nap")]
    public void Store_IsRecordedWithItsSource(string members, string holder, string source)
    {
        SummarizedCompilation compilation = SummarizedCompilation.For(Prelude + members + " }");

        BodyFacts facts = compilation.DriverFactsOf("M");

        (Microsoft.CodeAnalysis.ISymbol Holder, DelegateSource Source) store = Assert.Single(facts.DelegateStores);
        Assert.Equal(holder, store.Holder.Name);
        Assert.Equal(source, Describe(store.Source));
    }

    [Theory]
    [InlineData("void M() { Done -= Nap; }")]                                   // removing a handler stores nothing
    [InlineData("void M() { _a = Make(); } static Action Make() => Nap;")]      // a call's result is unknown
    [InlineData("void M() { Action local = Nap; local = () => { }; _a = local; }")] // a local given two values is unknown
    [InlineData("void M() { int x = 1; x = 2; }")]
    public void UnknownOrNoStore_RecordsNothing(string members)
    {
        SummarizedCompilation compilation = SummarizedCompilation.For(Prelude + members + " }");

        Assert.Empty(compilation.DriverFactsOf("M").DelegateStores);
    }

    private static string Describe(DelegateSource source) =>
        source.Method is { MethodKind: Microsoft.CodeAnalysis.MethodKind.AnonymousFunction } ? "lambda"
        : source.Method is { } method ? method.Name
        : source.Holder is { } member ? member.Name
        : $"parameter {source.Parameter}";
}
