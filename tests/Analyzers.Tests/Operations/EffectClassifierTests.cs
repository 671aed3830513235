using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Symbols;
using FenceGuard.Analyzers.Tests.Verifiers;

namespace FenceGuard.Analyzers.Tests.Operations;

/// <summary>What one operation does by itself, and how messages name it.</summary>
public class EffectClassifierTests
{
    private const string Members = "Fence f = null!; UserFence u = null!; ReservationObject r = new(); TaskCompletionSource tcs = new(); Task<int> ti = Task.FromResult(1); object? o; ";

    [Theory]
    [InlineData("void M() { [|f.Wait()|]; }", "FenceWait", "'Fence.Wait'")]
    [InlineData("void M() { [|Fence.MightWait()|]; }", "FenceWait", "'Fence.MightWait'")]
    [InlineData("async Task M() { [|await f|]; }", "FenceWait", "'await' of a 'Fence'")]
    [InlineData("bool M() => [|u.Wait(TimeSpan.Zero)|];", "FenceWait", "'UserFence.Wait'")]
    [InlineData("bool M() => [|r.Wait(FenceUsage.Write, TimeSpan.Zero)|];", "FenceWait", "'ReservationObject.Wait'")]
    [InlineData("void M() { [|tcs.Task.Wait()|]; }", "Blocking", "'Task.Wait'")]
    [InlineData("int M() => [|ti.Result|];", "Blocking", "'Task.Result'")]
    [InlineData("async Task M() { [|await tcs.Task|]; }", "Suspension", "'await'")]
    [InlineData("void M() { [|Thread.Sleep(1)|]; }", "Blocking", "'Thread.Sleep'")]
    [InlineData("void M() { [|f.Signal()|]; }", "Signal", "'Fence.Signal'")]
    [InlineData("void M() { [|Fence.BeginSignalling()|].Dispose(); }", "OpensSection", "'Fence.BeginSignalling'")]
    [InlineData("void M() { [|Fence.MightReclaim()|]; }", "Reclaim", "'Fence.MightReclaim'")]
    [InlineData("void M() { o = [|new object()|]; }", "Allocation", "'new object'")]
    [InlineData("void M(int i) { o = [|i|]; }", "Allocation", "boxing 'int' to 'object'")]
    [InlineData("void M(string s) { o = [|s + s|]; }", "Allocation", "string concatenation")]
    [InlineData("void M() { r.ReserveSlots(1); }", "Allocation", "'ReservationObject.ReserveSlots' ([MayAllocate])")]
    [InlineData("void M() { [|u.Signal()|]; }", null, null)]
    public void Operation_HasItsEffect(string member, string? kind, string? construct)
    {
        MarkedOperation marked = MarkedOperation.In("class C { " + Members + member.Replace("r.ReserveSlots(1)", "[|r.ReserveSlots(1)|]", StringComparison.Ordinal) + " }");
        var classifier = new EffectClassifier(marked.Symbols, marked.Api);

        Effect? effect = classifier.Classify(marked.Operation, EffectLists.BuiltIn);

        Assert.Equal(kind, effect?.Kind.ToString());
        Assert.Equal(construct, effect?.Construct);
    }

    [Fact]
    public void ConfiguredBlockingMember_IsBlocking_OnlyWithThatList()
    {
        MarkedOperation marked = MarkedOperation.In("class Io { public static void Flush() { } } class C { void M() { [|Io.Flush()|]; } }");
        var classifier = new EffectClassifier(marked.Symbols, marked.Api);
        EffectLists configured = EffectLists.BuiltIn.Union(MemberList.Parse(null), MemberList.Parse("Io.Flush"));

        Assert.Null(classifier.Classify(marked.Operation, EffectLists.BuiltIn));
        Assert.Equal(EffectKind.Blocking, classifier.Classify(marked.Operation, configured)?.Kind);
    }
}
