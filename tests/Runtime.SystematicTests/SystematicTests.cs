using FenceGuard;
using Microsoft.Coyote;
using Microsoft.Coyote.Rewriting;
using Microsoft.Coyote.Specifications;
using Microsoft.Coyote.SystematicTesting;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace FenceGuard.Runtime.SystematicTests;

/// <summary>
/// Coyote explores thread interleavings of small scenarios systematically (seeded, replayable), instead of hoping a
/// stress run hits a window. Every scenario asserts on what happened, and every test asserts on Coyote's report text.
/// </summary>
public class SystematicTests
{
    private const uint Iterations = 1000;

    private static TestReport Explore(Func<Task> scenario, uint iterations = Iterations, bool raceChecking = true)
    {
        Configuration config = Configuration.Create()
            .WithTestingIterations(iterations)
            .WithRandomGeneratorSeed(42)
            .WithMemoryAccessRaceCheckingEnabled(raceChecking)
            .WithTelemetryEnabled(false);
        using TestingEngine engine = TestingEngine.Create(config, scenario);
        engine.Run();
        return engine.TestReport;
    }

    internal static void AssertNoBug(TestReport report)
    {
        Assert.True(report.NumOfFoundBugs == 0, string.Join(Environment.NewLine, report.BugReports));
        // Every call the scenarios make is controlled, except the one DateTime.UtcNow read that anchors the fence clock
        // to wall-clock time when the process first signals a fence (it schedules nothing).
        string[] uncontrolled = report.UncontrolledInvocations.Where(call => call != "System.DateTime.get_UtcNow").ToArray();
        Assert.True(uncontrolled.Length == 0, "uncontrolled: " + string.Join(", ", uncontrolled));
    }

    [Fact]
    public void Assemblies_AreRewritten()
    {
        Assert.True(RewritingEngine.IsAssemblyRewritten(typeof(SystematicTests).Assembly), "the test assembly was not rewritten by coyote");
        Assert.True(RewritingEngine.IsAssemblyRewritten(typeof(Fence).Assembly), "FenceGuard.dll was not rewritten by coyote");
    }

    [Fact]
    public void Control_SplitLockFence_LosesACallback_AndCoyoteFindsIt()
    {
        // The harness must be able to fail: a fence with a check-then-act race is caught.
        TestReport report = Explore(async () =>
        {
            var fence = new SplitLockFence();
            int a = 0, b = 0;
            Task t1 = Task.Run(() => fence.OnSignal(() => Interlocked.Increment(ref a)));
            Task t2 = Task.Run(() => fence.OnSignal(() => Interlocked.Increment(ref b)));
            Task t3 = Task.Run(fence.Signal);
            await Task.WhenAll(new[] { t1, t2, t3 });
            Specification.Assert(a == 1 && b == 1, $"callbacks ran a={a}, b={b} times (expected 1, 1)");
        });
        Assert.True(report.NumOfFoundBugs > 0);
        Assert.Contains(report.BugReports, r => r.Contains("callbacks ran", StringComparison.Ordinal));
    }

    [Fact]
    public void AddCallback_RemoveCallback_Signal_Race_EveryRegisteredCallbackRunsExactlyOnce()
    {
        AssertNoBug(Explore(async () =>
        {
            Fence fence = new FenceTimeline("t").CreateFence();
            int a = 0, b = 0, removedRuns = 0, wins = 0;
            FenceCallback? ra = null, rb = null;
            bool removed = false;
            Task t1 = Task.Run(() => { ra = fence.AddCallback(_ => Interlocked.Increment(ref a)); });
            Task t2 = Task.Run(() =>
            {
                rb = fence.AddCallback(_ => Interlocked.Increment(ref removedRuns));
                removed = fence.RemoveCallback(rb);
            });
            Task t3 = Task.Run(() => { if (fence.Signal()) Interlocked.Increment(ref wins); });
            Task t4 = Task.Run(() => { if (fence.Signal()) Interlocked.Increment(ref wins); });
            await Task.WhenAll(new[] { t1, t2, t3, t4 });
            Specification.Assert(wins == 1, $"{wins} signallers won");
            Specification.Assert(a == (ra!.IsRegistered ? 1 : 0), $"callback a ran {a} times, registered={ra.IsRegistered}");
            int expectedRemovedRuns = rb!.IsRegistered && !removed ? 1 : 0;
            Specification.Assert(removedRuns == expectedRemovedRuns, $"removable callback ran {removedRuns} times, expected {expectedRemovedRuns}");
            _ = b;
        }));
    }

    [Fact]
    public void BlockingWait_RacingSignal_NeverHangs()
    {
        AssertNoBug(Explore(async () =>
        {
            Fence fence = new FenceTimeline("t").CreateFence();
            bool seen = false;
            Task waiter = Task.Run(() => { fence.Wait(); seen = fence.IsSignalled; });
            Task signaller = Task.Run(() => fence.Signal());
            await Task.WhenAll(new[] { waiter, signaller });
            Specification.Assert(seen, "the waiter returned before the fence was signalled");
        }, iterations: 500, raceChecking: false));
    }

    [Fact]
    public void Timeline_TwoSignallers_FencesAreObservedInSeqnoOrder_AndEachSignalsOnce()
    {
        AssertNoBug(Explore(async () =>
        {
            var timeline = new FenceTimeline("t");
            Fence f1 = timeline.CreateFence(), f2 = timeline.CreateFence(), f3 = timeline.CreateFence();
            int runs1 = 0, runs2 = 0, runs3 = 0;
            f1.AddCallback(_ => Interlocked.Increment(ref runs1));
            f2.AddCallback(_ => Interlocked.Increment(ref runs2));
            f3.AddCallback(_ => Interlocked.Increment(ref runs3));
            bool outOfOrder = false;
            Task observer = Task.Run(() => { outOfOrder = f3.IsSignalled && !f1.IsSignalled; });
            Task t1 = Task.Run(() => f2.Signal());
            Task t2 = Task.Run(() => f3.Signal());
            await Task.WhenAll(new[] { observer, t1, t2 });
            Specification.Assert(!outOfOrder, "fence 3 was signalled while fence 1 was not");
            Specification.Assert(runs1 == 1 && runs2 == 1 && runs3 == 1, $"callbacks ran {runs1}, {runs2}, {runs3} times");
            Specification.Assert(timeline.LastSignalledSeqno == 3, $"last signalled {timeline.LastSignalledSeqno}");
        }));
    }

    [Fact]
    public void Watchers_RacingALaterFencesSignal_AreEachReleasedExactlyOnce()
    {
        // A callback or blocked waiter on fence 1 joins the watch list while fence 2's signal passes fence 1:
        // either the signal sees the watcher or the watcher sees the signal, never neither.
        AssertNoBug(Explore(async () =>
        {
            var timeline = new FenceTimeline("t");
            Fence f1 = timeline.CreateFence(), f2 = timeline.CreateFence();
            int runs = 0;
            FenceCallback? registration = null;
            bool waited = false;
            Task adder = Task.Run(() => { registration = f1.AddCallback(_ => Interlocked.Increment(ref runs)); });
            Task waiter = Task.Run(() => { waited = f1.Wait(TimeSpan.FromSeconds(30)); });
            Task signaller = Task.Run(() => f2.Signal());
            await Task.WhenAll(new[] { adder, waiter, signaller });
            Specification.Assert(waited, "the blocked waiter on fence 1 was not released by fence 2's signal");
            Specification.Assert(runs == (registration!.IsRegistered ? 1 : 0), $"callback ran {runs} times, registered={registration.IsRegistered}");
        }));
    }

    [Fact]
    public void ErrorSignal_RacingALaterFencesSignal_ErrorIsKeptExactlyWhenItsSignalWon()
    {
        AssertNoBug(Explore(async () =>
        {
            var timeline = new FenceTimeline("t");
            Fence f1 = timeline.CreateFence(), f2 = timeline.CreateFence();
            var error = new InvalidOperationException("reset");
            bool errorWon = false;
            bool flickered = false;
            Task erring = Task.Run(() => { errorWon = f1.Signal(error); });
            Task later = Task.Run(() => f2.Signal());
            Task observer = Task.Run(() =>
            {
                // Once an error has been seen it must stay: the decision is never observed half-made.
                Exception? first = f1.Error;
                Exception? second = f1.Error;
                flickered = first is not null && second is null;
            });
            await Task.WhenAll(new[] { erring, later, observer });
            Specification.Assert(!flickered, "fence 1's error was seen and then vanished");
            Specification.Assert(ReferenceEquals(f1.Error, errorWon ? error : null),
                $"error signal won={errorWon} but Error is {(f1.Error is null ? "null" : "set")}");
        }));
    }

    [Fact]
    public void Timestamp_ReadWhileSignalling_IsSetOnceAndNeverChanges()
    {
        AssertNoBug(Explore(async () =>
        {
            var timeline = new FenceTimeline("t", FenceTimestampPrecision.Precise);
            Fence f1 = timeline.CreateFence(), f2 = timeline.CreateFence();
            DateTimeOffset? seen = null;
            Task signaller = Task.Run(() => f1.Signal());
            Task passer = Task.Run(() => f2.Signal());
            Task reader = Task.Run(() => { seen = f1.Timestamp; });
            await Task.WhenAll(new[] { signaller, passer, reader });
            Specification.Assert(f1.Timestamp is not null, "a signalled fence has no timestamp");
            Specification.Assert(seen is null || seen == f1.Timestamp, "the timestamp changed after it was read");
        }));
    }

    [Fact]
    public void FenceArray_PartsSignalledConcurrently_ArraySignalsOnce()
    {
        AssertNoBug(Explore(async () =>
        {
            Fence a = new FenceTimeline("a").CreateFence(), b = new FenceTimeline("b").CreateFence();
            FenceArray all = Fence.All(a, b);
            int runs = 0;
            all.AddCallback(_ => Interlocked.Increment(ref runs));
            Task t1 = Task.Run(() => a.Signal());
            Task t2 = Task.Run(() => b.Signal());
            await Task.WhenAll(new[] { t1, t2 });
            Specification.Assert(all.IsSignalled, "the array did not signal");
            Specification.Assert(runs == 1, $"the array's callback ran {runs} times");
        }));
    }

    [Fact]
    public void FenceArray_CreatedWhilePartsSignal_StillSignals()
    {
        AssertNoBug(Explore(async () =>
        {
            Fence a = new FenceTimeline("a").CreateFence(), b = new FenceTimeline("b").CreateFence();
            FenceArray? all = null;
            Task creator = Task.Run(() => { all = Fence.All(a, b); });
            Task t1 = Task.Run(() => a.Signal());
            Task t2 = Task.Run(() => b.Signal());
            await Task.WhenAll(new[] { creator, t1, t2 });
            Specification.Assert(all!.IsSignalled, "an array created while its parts signalled never signalled");
        }));
    }

    [Fact]
    public void ReservationObject_TwoWriters_AddUnderLock_BothFencesTracked()
    {
        AssertNoBug(Explore(async () =>
        {
            var resv = new ReservationObject();
            Fence a = new FenceTimeline("a").CreateFence(), b = new FenceTimeline("b").CreateFence();
            Task t1 = Task.Run(() => { using (resv.Lock()) { resv.ReserveSlots(1); resv.AddFence(a, FenceUsage.Write); } });
            Task t2 = Task.Run(() => { using (resv.Lock()) { resv.ReserveSlots(1); resv.AddFence(b, FenceUsage.Read); } });
            Task reader = Task.Run(() => resv.TestSignalled(FenceUsage.Read));
            await Task.WhenAll(new[] { t1, t2, reader });
            Specification.Assert(resv.Count == 2, $"{resv.Count} fences tracked");
            Specification.Assert(resv.GetFences(FenceUsage.Write).Count == 1, "the write fence is missing");
        }));
    }

    /// <summary>The classic bug: registration and signalling in two separate critical sections.</summary>
    private sealed class SplitLockFence
    {
        private readonly object _gate = new();
        private readonly System.Collections.Generic.List<Action> _callbacks = new();
        private bool _signalled;

        public void OnSignal(Action callback)
        {
            bool signalled;
            lock (_gate)
            {
                signalled = _signalled;
            }

            if (signalled)
            {
                callback();
                return;
            }

            lock (_gate)
            {
                _callbacks.Add(callback);
            }
        }

        public void Signal()
        {
            Action[] toRun;
            lock (_gate)
            {
                _signalled = true;
                toRun = _callbacks.ToArray();
                _callbacks.Clear();
            }

            foreach (Action callback in toRun)
            {
                callback();
            }
        }
    }
}
