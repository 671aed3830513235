using System.Diagnostics;
using System.Runtime.CompilerServices;
using FenceGuard;

namespace FenceGuard.Runtime.Tests;

/// <summary>Timestamps (coarse by default, precise on request) and the lazily signalled fences of a timeline.</summary>
public class TimestampTests
{
    [Fact]
    public void DefaultTimeline_IsCoarse_AndPreciseCanBeAskedFor()
    {
        Assert.Equal(FenceTimestampPrecision.Coarse, new FenceTimeline("t").TimestampPrecision);
        Assert.Equal(FenceTimestampPrecision.Precise, new FenceTimeline("t", FenceTimestampPrecision.Precise).TimestampPrecision);
    }

    [Fact]
    public void Constructor_RejectsUndefinedPrecision()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new FenceTimeline("t", (FenceTimestampPrecision)7));
        Assert.Equal("timestampPrecision", ex.ParamName);
        Assert.Throws<ArgumentNullException>(() => new FenceTimeline(null!, FenceTimestampPrecision.Precise));
    }

    [Theory]
    [InlineData(FenceTimestampPrecision.Coarse)]
    [InlineData(FenceTimestampPrecision.Precise)]
    public void Timestamp_IsNearTheWallClockAtSignal_AndNeverChanges(FenceTimestampPrecision precision)
    {
        Fence fence = new FenceTimeline("t", precision).CreateFence();
        DateTimeOffset before = DateTimeOffset.UtcNow;
        fence.Signal();
        DateTimeOffset after = DateTimeOffset.UtcNow;
        DateTimeOffset stamp = fence.Timestamp!.Value;

        // Coarse ticks are up to 16 ms apart on some systems; the clock is monotonic, so allow a little drift too.
        Assert.InRange(stamp, before.AddMilliseconds(-50), after.AddMilliseconds(50));
        Assert.Equal(TimeSpan.Zero, stamp.Offset);
        Thread.Sleep(20);
        Assert.Equal(stamp, fence.Timestamp);
    }

    [Fact]
    public void PreciseTimestamps_OrderFencesSignalledMicrosecondsApart()
    {
        var timeline = new FenceTimeline("display", FenceTimestampPrecision.Precise);
        Fence first = timeline.CreateFence();
        Fence second = timeline.CreateFence();
        first.Signal();
        var spin = Stopwatch.StartNew();
        while (spin.Elapsed < TimeSpan.FromMilliseconds(2))
        {
        }

        second.Signal();
        TimeSpan between = second.Timestamp!.Value - first.Timestamp!.Value;
        Assert.InRange(between, TimeSpan.FromMilliseconds(1.5), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void FencePassedByALaterSignal_IsStampedFromThatSignal_NotFromWhenItIsRead()
    {
        var timeline = new FenceTimeline("t", FenceTimestampPrecision.Precise);
        Fence skipped = timeline.CreateFence();
        Fence last = timeline.CreateFence();
        last.Signal();
        Thread.Sleep(50);

        DateTimeOffset skippedStamp = skipped.Timestamp!.Value;
        Assert.Equal(last.Timestamp, skippedStamp);
        Assert.True(DateTimeOffset.UtcNow - skippedStamp >= TimeSpan.FromMilliseconds(40), "stamped when read, not when passed");
        Assert.Equal(skippedStamp, skipped.Timestamp);
    }

    [Fact]
    public void WatchedFencePassedByALaterSignal_IsStampedBeforeItsCallbacksRun()
    {
        var timeline = new FenceTimeline("t");
        Fence watched = timeline.CreateFence();
        Fence last = timeline.CreateFence();
        DateTimeOffset? inCallback = null;
        watched.AddCallback(f => inCallback = f.Timestamp);
        last.Signal();
        Assert.NotNull(inCallback);
        Assert.Equal(inCallback, watched.Timestamp);
        Assert.Null(watched.Error);
    }

    [Fact]
    public void Container_IsStampedWhenItSignals()
    {
        var timeline = new FenceTimeline("t");
        Fence part = timeline.CreateFence();
        FenceArray array = Fence.All(part);
        Assert.Null(array.Timestamp);
        DateTimeOffset before = DateTimeOffset.UtcNow;
        part.Signal();
        Assert.InRange(array.Timestamp!.Value, before.AddMilliseconds(-50), DateTimeOffset.UtcNow.AddMilliseconds(50));
    }

    [Fact]
    public void PendingFenceThatNobodyWatches_IsNotKeptAliveByItsTimeline()
    {
        var timeline = new FenceTimeline("t");
        WeakReference dropped = CreateAndDrop(timeline);
        Fence kept = timeline.CreateFence();
        CollectEverything();
        Assert.False(dropped.IsAlive, "the timeline still references a pending fence nobody waits on");

        // The timeline still works, and the dropped fence's seqno is passed like any other.
        Assert.True(kept.Signal());
        Assert.Equal(2UL, timeline.LastSignalledSeqno);
    }

    [Fact]
    public void WatchedFence_IsReleasedByItsTimelineOnceSignalled()
    {
        var timeline = new FenceTimeline("t");
        WeakReference watched = CreateWatchedAndDrop(timeline, out Fence later);
        later.Signal();
        CollectEverything();
        Assert.False(watched.IsAlive, "the timeline still references a signalled fence");
    }

    [Fact]
    public void WaitersAndCallbacksOnManyFences_AreAllReleasedByOneLaterSignal_InSeqnoOrder()
    {
        var timeline = new FenceTimeline("t");
        Fence[] fences = Enumerable.Range(0, 64).Select(_ => timeline.CreateFence()).ToArray();
        var order = new List<ulong>();

        // Watch them out of creation order: the watch list must still run them in seqno order.
        foreach (Fence f in fences.Reverse().Where(f => f.Seqno % 3 != 0))
        {
            f.AddCallback(x => order.Add(x.Seqno));
        }

        Task<bool>[] waits = fences.Where(f => f.Seqno % 3 == 0).Select(f => Task.Run(() => f.Wait(TimeSpan.FromSeconds(30)))).ToArray();
        Thread.Sleep(50);
        Fence last = timeline.CreateFence();
        Assert.True(last.Signal());
        Assert.True(Task.WaitAll(waits, TimeSpan.FromSeconds(30)));
        Assert.All(waits, w => Assert.True(w.Result));
        Assert.Equal(fences.Select(f => f.Seqno).Where(s => s % 3 != 0), order);
    }

    private static void CollectEverything()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference CreateAndDrop(FenceTimeline timeline) => new(timeline.CreateFence());

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference CreateWatchedAndDrop(FenceTimeline timeline, out Fence later)
    {
        Fence fence = timeline.CreateFence();
        fence.AddCallback(_ => { });
        later = timeline.CreateFence();
        return new WeakReference(fence);
    }
}
