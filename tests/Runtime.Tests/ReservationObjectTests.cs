using FenceGuard;

namespace FenceGuard.Runtime.Tests;

public class ReservationObjectTests
{
    private static Fence NewFence(FenceTimeline? timeline = null) => (timeline ?? new FenceTimeline("r")).CreateFence();

    private static void Add(ReservationObject resv, Fence fence, FenceUsage usage)
    {
        using (resv.Lock())
        {
            resv.ReserveSlots(1);
            resv.AddFence(fence, usage);
        }
    }

    [Fact]
    public void Lock_IsHeldUntilDisposed_AndNotRecursive()
    {
        var resv = new ReservationObject("buffer");
        Assert.Equal("buffer", resv.Name);
        ReservationLock held = resv.Lock();
        Assert.True(resv.IsLockedByCurrentThread);
        Assert.Same(resv, held.Owner);
        Assert.Throws<InvalidOperationException>(() => resv.Lock());
        held.Dispose();
        Assert.False(resv.IsLockedByCurrentThread);
        Assert.Throws<InvalidOperationException>(() => held.Dispose());
        Assert.Throws<InvalidOperationException>(() => default(ReservationLock).Dispose());
    }

    [Fact]
    public void Lock_ExcludesOtherThreads()
    {
        var resv = new ReservationObject();
        Task other;
        using (resv.Lock())
        {
            other = Task.Run(() => { using (resv.Lock()) { } });
            Assert.False(other.Wait(50));
        }

        Assert.True(other.Wait(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void ReserveSlotsAndAddFence_RequireTheLock()
    {
        var resv = new ReservationObject();
        Assert.Throws<InvalidOperationException>(() => resv.ReserveSlots(1));
        Assert.Throws<InvalidOperationException>(() => resv.AddFence(NewFence(), FenceUsage.Write));
    }

    [Fact]
    public void AddFence_WithoutReservation_Throws_AndReservationsAreDroppedAtUnlock()
    {
        var resv = new ReservationObject();
        using (resv.Lock())
        {
            Assert.Throws<InvalidOperationException>(() => resv.AddFence(NewFence(), FenceUsage.Write));
            resv.ReserveSlots(2);
            resv.AddFence(NewFence(), FenceUsage.Write);
            resv.AddFence(NewFence(), FenceUsage.Write);
            Assert.Throws<InvalidOperationException>(() => resv.AddFence(NewFence(), FenceUsage.Write));
            resv.ReserveSlots(1);
        }

        using (resv.Lock())
        {
            Assert.Throws<InvalidOperationException>(() => resv.AddFence(NewFence(), FenceUsage.Write));
        }

        Assert.Equal(2, resv.Count);
    }

    [Fact]
    public void ArgumentValidation()
    {
        var resv = new ReservationObject();
        using (resv.Lock())
        {
            Assert.Throws<ArgumentOutOfRangeException>("count", () => resv.ReserveSlots(0));
            resv.ReserveSlots(1);
            Assert.Throws<ArgumentNullException>("fence", () => resv.AddFence(null!, FenceUsage.Read));
            Assert.Throws<ArgumentOutOfRangeException>("usage", () => resv.AddFence(NewFence(), (FenceUsage)7));
            Assert.Throws<ArgumentException>("fence", () => resv.AddFence(Fence.All(NewFence()), FenceUsage.Read));
            Assert.Throws<ArgumentException>("fence", () => resv.AddFence(FenceChain.Link(null, NewFence(), 1), FenceUsage.Read));
        }

        Assert.Throws<ArgumentOutOfRangeException>("usage", () => resv.GetFences((FenceUsage)(-1)));
        Assert.Throws<ArgumentOutOfRangeException>("usage", () => resv.TestSignalled((FenceUsage)4));
        Assert.Throws<ArgumentOutOfRangeException>("timeout", () => resv.Wait(FenceUsage.Read, TimeSpan.FromSeconds(-5)));
    }

    [Fact]
    public void GetFences_ReturnsPendingFencesOfThatUsageAndStronger()
    {
        var resv = new ReservationObject();
        Fence kernel = NewFence(), write = NewFence(), read = NewFence(), bookkeep = NewFence(), done = NewFence();
        done.Signal();
        Add(resv, kernel, FenceUsage.Kernel);
        Add(resv, write, FenceUsage.Write);
        Add(resv, read, FenceUsage.Read);
        Add(resv, bookkeep, FenceUsage.Bookkeep);
        Assert.Equal(new[] { kernel }, resv.GetFences(FenceUsage.Kernel));
        Assert.Equal(new[] { kernel, write }, resv.GetFences(FenceUsage.Write));
        Assert.Equal(new[] { kernel, write, read }, resv.GetFences(FenceUsage.Read));
        Assert.Equal(new[] { kernel, write, read, bookkeep }, resv.GetFences(FenceUsage.Bookkeep));
        write.Signal();
        Assert.Equal(new[] { kernel, read }, resv.GetFences(FenceUsage.Read));
    }

    [Fact]
    public void AddFence_ReplacesOlderFenceOfSameContext_UnlessThatWouldWeakenItsUsage()
    {
        var timeline = new FenceTimeline("ctx");
        var resv = new ReservationObject();
        Fence first = timeline.CreateFence(), second = timeline.CreateFence(), third = timeline.CreateFence();
        Add(resv, first, FenceUsage.Bookkeep);
        Add(resv, second, FenceUsage.Read); // promotes: Bookkeep -> Read, replaces
        Assert.Equal(1, resv.Count);
        Assert.Equal(new[] { second }, resv.GetFences(FenceUsage.Read));
        Add(resv, third, FenceUsage.Bookkeep); // would degrade Read -> Bookkeep: kept side by side
        Assert.Equal(2, resv.Count);
        Assert.Equal(new[] { second }, resv.GetFences(FenceUsage.Read));
        Assert.Equal(new[] { second, third }, resv.GetFences(FenceUsage.Bookkeep));
    }

    [Fact]
    public void AddFence_ReusesTheSlotOfASignalledFence()
    {
        var resv = new ReservationObject();
        Fence old = NewFence();
        Add(resv, old, FenceUsage.Write);
        old.Signal();
        Fence fresh = NewFence();
        Add(resv, fresh, FenceUsage.Write);
        Assert.Equal(1, resv.Count);
        Assert.Equal(new[] { fresh }, resv.GetFences(FenceUsage.Write));
    }

    [Fact]
    public void TestSignalled_AndWait_FollowUsage()
    {
        var resv = new ReservationObject();
        Fence write = NewFence(), bookkeep = NewFence();
        Add(resv, write, FenceUsage.Write);
        Add(resv, bookkeep, FenceUsage.Bookkeep);
        Assert.True(resv.TestSignalled(FenceUsage.Kernel));
        Assert.False(resv.TestSignalled(FenceUsage.Write));
        Assert.False(resv.Wait(FenceUsage.Read, TimeSpan.FromMilliseconds(10)));
        write.Signal();
        Assert.True(resv.TestSignalled(FenceUsage.Read));
        Assert.False(resv.TestSignalled(FenceUsage.Bookkeep));
        Assert.True(resv.Wait(FenceUsage.Read, TimeSpan.Zero));
        var waiter = Task.Run(() => resv.Wait(FenceUsage.Bookkeep, TimeSpan.FromSeconds(10)));
        Thread.Sleep(10);
        bookkeep.Signal();
        Assert.True(waiter.Result);
    }

    [Fact]
    public void Wait_Cancelled_Throws()
    {
        var resv = new ReservationObject();
        Add(resv, NewFence(), FenceUsage.Write);
        using var cts = new CancellationTokenSource(20);
        Assert.ThrowsAny<OperationCanceledException>(() => resv.Wait(FenceUsage.Write, Timeout.InfiniteTimeSpan, cts.Token));
    }
}
