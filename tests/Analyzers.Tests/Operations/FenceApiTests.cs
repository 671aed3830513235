using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Tests.Operations;

/// <summary>The one answer to "does this wait on a fence, signal one, or register a callback of one".</summary>
public class FenceApiTests
{
    private const string Members = "Fence f = null!; UserFence u = null!; ReservationObject r = new(); TaskCompletionSource tcs = new(); TaskCompletionSource<int> tcsOfT = new(); Task t = Task.CompletedTask; ";

    [Theory]
    [InlineData("void M() { [|f.Wait()|]; }", "f", "Bounded")]
    [InlineData("bool M() => [|f.Wait(TimeSpan.Zero)|];", "f", "Bounded")]
    [InlineData("Task M() => [|f.WaitAsync()|];", "f", "Bounded")]
    [InlineData("async Task M() { [|await f|]; }", "f", "Bounded")]
    [InlineData("void M() { [|Fence.MightWait()|]; }", null, null)]
    [InlineData("bool M() => [|u.Wait(TimeSpan.Zero)|];", "u", "UserFence")]
    [InlineData("async Task M() { [|await u|]; }", "u", "UserFence")]
    [InlineData("bool M() => [|r.Wait(FenceUsage.Write, TimeSpan.Zero)|];", "r", "Reservation")]
    [InlineData("void M() { [|tcs.Task.Wait()|]; }", "tcs.Task", "TaskSource")]
    [InlineData("int M() => [|tcsOfT.Task.Result|];", "tcsOfT.Task", "TaskSource")]
    [InlineData("async Task M() { [|await tcs.Task|]; }", "tcs.Task", "TaskSource")]
    [InlineData("Task M() => [|tcs.Task.WaitAsync(TimeSpan.Zero)|];", "tcs.Task", "TaskSource")]
    public void Wait_NamesWhatItWaitsOn(string member, string? waited, string? kind)
    {
        MarkedOperation marked = MarkedOperation.In("class C { " + Members + member + " }");

        Assert.True(marked.Api.IsWait(marked.Operation, out IOperation? on));
        Assert.Equal(waited, on?.Syntax.ToString());
        Assert.Equal(kind, on is null ? null : marked.Api.KindOf(on).ToString());
    }

    [Theory]
    [InlineData("void M() { [|t.Wait()|]; }")]
    [InlineData("async Task M() { [|await t|]; }")]
    [InlineData("void M() { [|f.Signal()|]; }")]
    [InlineData("void M() { [|r.ReserveSlots(1)|]; }")]
    [InlineData("void M() { [|Thread.Sleep(1)|]; }")]
    public void NotAWaitOnAFence(string member)
    {
        MarkedOperation marked = MarkedOperation.In("class C { " + Members + member + " }");

        Assert.False(marked.Api.IsWait(marked.Operation, out _));
    }

    [Theory]
    [InlineData("void M() { [|f.Signal()|]; }", "f", true)]
    [InlineData("void M() { [|u.Signal()|]; }", "u", false)]
    [InlineData("void M() { [|tcs.SetResult()|]; }", "tcs", false)]
    [InlineData("void M() { [|tcsOfT.TrySetException(new Exception())|]; }", "tcsOfT", false)]
    [InlineData("void M() { [|f.Wait()|]; }", null, false)]
    public void Signal_NamesWhatItSignals_AndWhetherItIsBounded(string member, string? signalled, bool bounded)
    {
        MarkedOperation marked = MarkedOperation.In("class C { " + Members + member + " }");

        IOperation? what = marked.Api.Signalled((IInvocationOperation)marked.Operation, out bool isBounded);

        Assert.Equal(signalled, what?.Syntax.ToString());
        Assert.Equal(bounded, isBounded && what is not null);
    }

    [Theory]
    [InlineData("void M() { [|f.AddCallback(x => { })|]; }", "f", "x => { }")]
    [InlineData("void M() { [|u.AddCallback(OnReady)|]; } void OnReady(UserFence x) { }", "u", "OnReady")]
    [InlineData("void M() { [|tcs.Task.ContinueWith(x => { })|]; }", "tcs.Task", "x => { }")]
    [InlineData("void M() { [|t.ContinueWith(x => { })|]; }", null, null)]
    public void Registration_NamesTheSourceAndTheCallback(string member, string? source, string? callback)
    {
        MarkedOperation marked = MarkedOperation.In("class C { " + Members + member + " }");

        (IOperation Source, IOperation Callback)? registration = marked.Api.Registration((IInvocationOperation)marked.Operation);

        Assert.Equal(source, registration?.Source.Syntax.ToString());
        Assert.Equal(callback, registration?.Callback.Syntax.ToString());
    }
}
