using FenceGuard;

namespace FenceGuard.Runtime.Tests;

/// <summary>
/// The validator's lock-class graph (lockdep): orderings seen on any thread at any time, cycles reported with every
/// edge of the chain. Each two-thread scenario runs its orders one after the other on two threads, so nothing deadlocks.
/// </summary>
[Collection(nameof(ValidatorCollection))]
public sealed class LockdepTests : IDisposable
{
    public LockdepTests()
    {
        FenceValidation.ForgetLockOrders();
        FenceValidation.ClearViolations();
        FenceValidation.Mode = FenceValidationMode.Record;
    }

    public void Dispose()
    {
        FenceValidation.Mode = FenceValidationMode.Off;
        FenceValidation.ClearViolations();
        FenceValidation.ForgetLockOrders();
    }

    private static readonly Fence Done = Signalled();

    private static Fence Signalled()
    {
        Fence fence = new FenceTimeline("lockdep").CreateFence();
        fence.Signal();
        return fence;
    }

    private static void OnThread(Action action) => Tests.OnThread.Run(action);

    private static FenceViolation Single(FenceViolationKind kind) =>
        Assert.Single(FenceValidation.Violations, v => v.Kind == kind);

    public static TheoryData<string, Action> UnderAReservationLock => new()
    {
        { "a wait with a timeout", () => Done.Wait(TimeSpan.FromSeconds(1)) },
        { "Fence.MightWait()", Fence.MightWait },
        { "Fence.MightReclaim()", Fence.MightReclaim },
    };

    [Theory]
    [MemberData(nameof(UnderAReservationLock))]
    public void ReservationLockHeldOverAWaitOnOneThread_TakenInASectionOnAnother_IsALockOrderInversion(string what, Action underTheLock)
    {
        var a = new ReservationObject("a");
        var b = new ReservationObject("b");
        OnThread(() =>
        {
            using (a.Lock())
            {
                underTheLock();
            }
        });
        OnThread(() =>
        {
            using (Fence.BeginSignalling())
            using (b.Lock())
            {
            }
        });

        FenceViolation violation = Single(FenceViolationKind.LockOrderInversion);
        Assert.Contains("the reservation lock class (every ReservationObject) is taken while holding the signalling map", violation.Message, StringComparison.Ordinal);
        Assert.Equal(2, violation.Chain.Count);
        Assert.StartsWith("the signalling map (every signalling section, and every fence wait) → the reservation lock class", violation.Chain[0], StringComparison.Ordinal);
        Assert.Contains(nameof(ReservationLockHeldOverAWaitOnOneThread_TakenInASectionOnAnother_IsALockOrderInversion), violation.Chain[0], StringComparison.Ordinal);
        Assert.StartsWith("the reservation lock class (every ReservationObject) → ", violation.Chain[1], StringComparison.Ordinal);
        Assert.NotNull(violation.SectionOpenedAt);
        Assert.False(string.IsNullOrEmpty(what));
    }

    [Fact]
    public void ReservationLockTakenInAFenceCallback_IsALockOrderInversion()
    {
        var resv = new ReservationObject("buffer");
        Fence fence = new FenceTimeline("callbacks").CreateFence();
        fence.AddCallback(_ =>
        {
            using (resv.Lock())
            {
            }
        });

        OnThread(() => fence.Signal());

        FenceViolation violation = Single(FenceViolationKind.LockOrderInversion);
        Assert.StartsWith("the signalling map", violation.Chain[0], StringComparison.Ordinal);
        Assert.Contains("the callback of fence", violation.SectionOpenedAt, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTwoOrdersInTheOppositeSequence_AreReportedToo_AtTheWrongOrder()
    {
        var a = new ReservationObject("a");
        OnThread(() =>
        {
            using (Fence.BeginSignalling())
            using (a.Lock())
            {
            }
        });
        OnThread(() =>
        {
            using (a.Lock())
            {
                Done.Wait(TimeSpan.FromSeconds(1));
            }
        });

        FenceViolation violation = Single(FenceViolationKind.LockOrderInversion);
        Assert.StartsWith("the signalling map", violation.Chain[0], StringComparison.Ordinal);
    }

    [Fact]
    public void FenceLockHeldOverAWait_AndTakenInASection_IsReported_WithBothOrdersAndWhereEachWasFirstSeen()
    {
        var gate = new FenceLock("Scheduler.Gate");
        int holder = 0, signaller = 0;
        OnThread(() =>
        {
            holder = Environment.CurrentManagedThreadId;
            using (gate.Acquire())
            {
                Done.Wait();
            }
        });
        OnThread(() =>
        {
            signaller = Environment.CurrentManagedThreadId;
            using (Fence.BeginSignalling())
            using (gate.Acquire())
            {
            }
        });

        FenceViolation violation = Single(FenceViolationKind.LockOrderInversion);
        Assert.Contains("'Scheduler.Gate' is taken while holding the signalling map", violation.Message, StringComparison.Ordinal);
        Assert.Equal(2, violation.Chain.Count);
        Assert.StartsWith("the signalling map (every signalling section, and every fence wait) → 'Scheduler.Gate', first seen on thread " + signaller, violation.Chain[0], StringComparison.Ordinal);
        Assert.StartsWith("'Scheduler.Gate' → the signalling map (every signalling section, and every fence wait), first seen on thread " + holder, violation.Chain[1], StringComparison.Ordinal);
        Assert.Equal(signaller, violation.ThreadId);
    }

    [Fact]
    public void TwoFenceLockClassesInBothOrders_OnTwoThreads_AreReportedOnce()
    {
        var first = new FenceLock("Queue.Head");
        var second = new FenceLock("Queue.Tail");
        OnThread(() =>
        {
            using (first.Acquire())
            using (second.Acquire())
            {
            }
        });
        OnThread(() =>
        {
            using (second.Acquire())
            using (first.Acquire())
            {
            }
        });
        OnThread(() =>
        {
            using (second.Acquire())
            using (first.Acquire())
            {
            }
        });

        FenceViolation violation = Single(FenceViolationKind.LockOrderInversion);
        Assert.Contains("'Queue.Head' is taken while holding 'Queue.Tail'", violation.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, Action> CorrectPatterns => new()
    {
        {
            "reserve, then publish from a section under the lock",
            () =>
            {
                var resv = new ReservationObject("buffer");
                Fence fence = new FenceTimeline("publish").CreateFence();
                using (resv.Lock())
                {
                    resv.ReserveSlots(1);
                    using (Fence.BeginSignalling())
                    {
                        resv.AddFence(fence, FenceUsage.Write);
                    }
                }
            }
        },
        { "a wait outside the lock", () => { var resv = new ReservationObject("r"); using (resv.Lock()) { } Done.Wait(); } },
        { "a FenceLock held over a wait that no section takes", () => { var gate = new FenceLock("Log.Gate"); using (gate.Acquire()) { Done.Wait(); } } },
        { "sections nested", () => { using (Fence.BeginSignalling()) using (Fence.BeginSignalling()) { } } },
        { "two reservation locks nested", () => { var a = new ReservationObject("a"); var b = new ReservationObject("b"); using (a.Lock()) using (b.Lock()) { } } },
    };

    [Theory]
    [MemberData(nameof(CorrectPatterns))]
    public void CorrectPattern_OnTwoThreads_RecordsNothing(string what, Action pattern)
    {
        OnThread(pattern);
        OnThread(pattern);

        Assert.Empty(FenceValidation.Violations);
        Assert.False(string.IsNullOrEmpty(what));
    }

    [Fact]
    public void AllocationInsideASection_TakesReclaimUnderTheMap_AndIsReported()
    {
        var timeline = new FenceTimeline("alloc");
        using (Fence.BeginSignalling())
        {
            _ = timeline.CreateFence();
        }

        FenceViolation violation = Single(FenceViolationKind.LockOrderInversion);
        Assert.Contains("memory reclaim is taken while holding the signalling map", violation.Message, StringComparison.Ordinal);
        Assert.Contains("primed", violation.Chain[1], StringComparison.Ordinal);
    }

    [Fact]
    public void TwoFenceLocksOfOneClass_Nested_IsARecursiveAcquisition()
    {
        var one = new FenceLock("Pool.Slot");
        var two = new FenceLock("Pool.Slot");
        using (one.Acquire())
        using (two.Acquire())
        {
        }

        FenceViolation violation = Single(FenceViolationKind.RecursiveLockAcquisition);
        Assert.Contains("'Pool.Slot'", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameFenceLockTakenTwice_Throws_InsteadOfDeadlocking()
    {
        var gate = new FenceLock("Once");
        using (gate.Acquire())
        {
            Assert.Throws<InvalidOperationException>(() => gate.Acquire());
        }
    }

    [Fact]
    public void FenceLockReleasedOnAnotherThread_IsReported_AndItsHoldIsGone()
    {
        var gate = new FenceLock("Upload.Gate");
        FenceLockScope scope = default;
        int taker = 0;
        OnThread(() =>
        {
            taker = Environment.CurrentManagedThreadId;
            scope = gate.Acquire();
        });
        scope.Dispose();

        FenceViolation violation = Single(FenceViolationKind.LockReleasedOnOtherThread);
        Assert.Contains($"taken on thread {taker} and released on thread {Environment.CurrentManagedThreadId}", violation.Message, StringComparison.Ordinal);
        using (gate.Acquire())
        {
        }

        Assert.Single(FenceValidation.Violations);
    }

    [Fact]
    public void ThrowMode_TheWrongOrder_ThrowsBeforeTheLockIsTaken()
    {
        FenceValidation.Mode = FenceValidationMode.Throw;
        var resv = new ReservationObject("r");
        using (Fence.BeginSignalling())
        {
            FenceDeadlockException thrown = Assert.Throws<FenceDeadlockException>(() => resv.Lock());
            Assert.Equal(FenceViolationKind.LockOrderInversion, thrown.Violation.Kind);
        }

        Assert.False(resv.IsLockedByCurrentThread);
        FenceValidation.Mode = FenceValidationMode.Off;
        using (resv.Lock())
        {
        }
    }

    [Fact]
    public void OffMode_RecordsNoOrder()
    {
        FenceValidation.Mode = FenceValidationMode.Off;
        var resv = new ReservationObject("r");
        using (Fence.BeginSignalling())
        using (resv.Lock())
        {
        }

        FenceValidation.Mode = FenceValidationMode.Record;
        using (resv.Lock())
        {
            Done.Wait();
        }

        Assert.Empty(FenceValidation.Violations);
    }

    [Fact]
    public void KnownOrders_AllocateNothing()
    {
        var outer = new FenceLock("Alloc.Outer");
        var inner = new FenceLock("Alloc.Inner");
        void Once()
        {
            using (outer.Acquire())
            using (inner.Acquire())
            {
                Done.Wait();
            }
        }

        Once(); // the orders' first sighting records them
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            Once();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Empty(FenceValidation.Violations);
    }
}
