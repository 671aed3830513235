using FenceGuard.Analyzers.Regions;
using FenceGuard.Analyzers.Tests.Verifiers;

namespace FenceGuard.Analyzers.Tests.Regions;

/// <summary>The ways to take a lock, the class each names, and what runs while it is held.</summary>
public class LockAcquisitionTests
{
    private const string Members = "readonly object _gate = new(); readonly SemaphoreSlim _sem = new(1); ReservationObject _resv = new(); static readonly object Global = new(); ";

    [Theory]
    [InlineData("void M() { [|lock (_gate) { A(); }|] }", "F:C._gate", "A();")]
    [InlineData("void M() { [|lock (this) { A(); }|] }", "T:C", "A();")]
    [InlineData("void M() { [|lock (typeof(C)) { A(); }|] }", "typeof:C", "A();")]
    [InlineData("void M() { [|Monitor.Enter(Global)|]; try { A(); } finally { Monitor.Exit(Global); } }", "F:C.Global", "A();")]
    [InlineData("void M() { [|_sem.Wait()|]; A(); _sem.Release(); B(); }", "F:C._sem", "A();")]
    [InlineData("void M() { using ([|_resv.Lock()|]) { A(); } }", "reservation", "A();")]
    [InlineData("void M() { using var held = [|_resv.Lock()|]; A(); B(); }", "reservation", "A(); B();")]
    public void Acquisition_HasItsClass_AndHolds(string member, string key, string held)
    {
        MarkedOperation marked = MarkedOperation.In("class C { " + Members + member + " void A() { } void B() { } }");

        LockAcquisition acquisition = LockAcquisition.Of(marked.Operation, marked.Symbols)!;
        string heldText = string.Join(" ", acquisition.Held.SelectMany(h => h is Microsoft.CodeAnalysis.Operations.IBlockOperation block ? block.Operations.AsEnumerable() : new[] { h }).Select(h => h.Syntax.ToString()));

        Assert.Equal(key, acquisition.Class.Key);
        Assert.Equal(held, heldText);
    }

    [Theory]
    [InlineData("void M() { var local = new object(); [|lock (local) { A(); }|] }")]
    [InlineData("void M() { [|A()|]; }")]
    public void NoLockClass_IsNoAcquisition(string member)
    {
        MarkedOperation marked = MarkedOperation.In("class C { " + Members + member + " void A() { } void B() { } }");

        Assert.Null(LockAcquisition.Of(marked.Operation, marked.Symbols));
    }
}
