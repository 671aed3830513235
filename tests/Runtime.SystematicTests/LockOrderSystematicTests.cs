using FenceGuard;
using Microsoft.Coyote;
using Microsoft.Coyote.Specifications;
using Microsoft.Coyote.SystematicTesting;

namespace FenceGuard.Runtime.SystematicTests;

/// <summary>
/// The validator's lock-order graph under concurrency, explored by Coyote: orders recorded at the same time on several
/// threads are never lost, a cycle is reported exactly once whichever thread closes it, and no cycle is invented.
/// </summary>
public class LockOrderSystematicTests
{
    private const uint Iterations = 300;

    private static TestReport Explore(Func<Task> scenario)
    {
        Configuration config = Configuration.Create()
            .WithTestingIterations(Iterations)
            .WithRandomGeneratorSeed(42)
            .WithTelemetryEnabled(false);
        using TestingEngine engine = TestingEngine.Create(config, async () =>
        {
            FenceValidation.ForgetLockOrders();
            FenceValidation.ClearViolations();
            FenceValidation.Mode = FenceValidationMode.Record;
            try
            {
                await scenario();
            }
            finally
            {
                FenceValidation.Mode = FenceValidationMode.Off;
            }
        });
        engine.Run();
        return engine.TestReport;
    }

    private static void AssertNoBug(TestReport report) => SystematicTests.AssertNoBug(report);

    private static void Nested(FenceLock outer, FenceLock inner)
    {
        using (outer.Acquire())
        using (inner.Acquire())
        {
        }
    }

    private static int Inversions() => FenceValidation.Violations.Count(v => v.Kind == FenceViolationKind.LockOrderInversion);

    [Fact]
    public void OrdersRecordedConcurrently_AreNeverLost()
    {
        TestReport report = Explore(async () =>
        {
            var a = new FenceLock("Sys.A");
            var b = new FenceLock("Sys.B");
            var c = new FenceLock("Sys.C");
            var d = new FenceLock("Sys.D");
            Task first = Task.Run(() => Nested(a, b));
            Task second = Task.Run(() => Nested(c, d));
            await Task.WhenAll(new[] { first, second });
            Specification.Assert(Inversions() == 0, "a cycle was reported while recording two unrelated orders");

            // Both orders must be known now: the opposite of each closes a cycle.
            Nested(b, a);
            Nested(d, c);
            Specification.Assert(Inversions() == 2, $"{Inversions()} inversions after the two opposite orders (expected 2: an order was lost)");
        });

        AssertNoBug(report);
        Assert.Equal((int)Iterations, report.NumOfExploredFairPaths + report.NumOfExploredUnfairPaths);
    }

    [Fact]
    public void OppositeOrdersOnTwoThreadsAtOnce_AreCaughtExactlyOnce_BeforeEitherDeadlocks()
    {
        // In Throw mode the order that closes the cycle throws before it blocks, so the classic AB-BA deadlock cannot
        // happen in any interleaving: the second of the two checks always sees the first's order (orders are added
        // under the graph's lock, before the acquisition blocks). Coyote would report the deadlock otherwise.
        TestReport report = Explore(async () =>
        {
            FenceValidation.Mode = FenceValidationMode.Throw;
            var a = new FenceLock("Sys.Head");
            var b = new FenceLock("Sys.Tail");
            int caught = 0;
            void Guarded(FenceLock outer, FenceLock inner)
            {
                try
                {
                    Nested(outer, inner);
                }
                catch (FenceDeadlockException e) when (e.Violation.Kind == FenceViolationKind.LockOrderInversion)
                {
                    Interlocked.Increment(ref caught);
                }
            }

            Task first = Task.Run(() => Guarded(a, b));
            Task second = Task.Run(() => Guarded(b, a));
            await Task.WhenAll(new[] { first, second });
            Specification.Assert(caught == 1, $"{caught} inversions caught for one cycle (expected exactly 1)");
        });

        AssertNoBug(report);
    }

    [Fact]
    public void AChainRecordedOnThreeThreads_IsNoCycle()
    {
        TestReport report = Explore(async () =>
        {
            var a = new FenceLock("Sys.One");
            var b = new FenceLock("Sys.Two");
            var c = new FenceLock("Sys.Three");
            Task t1 = Task.Run(() => Nested(a, b));
            Task t2 = Task.Run(() => Nested(b, c));
            Task t3 = Task.Run(() => Nested(a, c));
            await Task.WhenAll(new[] { t1, t2, t3 });
            Specification.Assert(Inversions() == 0, $"{Inversions()} inversions for a chain a → b → c (none expected)");
            Nested(c, a);
            Specification.Assert(Inversions() == 1, $"{Inversions()} inversions after closing the chain (expected 1)");
        });

        AssertNoBug(report);
    }
}
