using FenceGuard;

namespace FenceGuard.Runtime.Tests;

public class TimelineTests
{
    [Fact]
    public void Constructor_ValidatesName()
    {
        Assert.Throws<ArgumentNullException>("name", () => new FenceTimeline(null!));
        Assert.Throws<ArgumentException>("name", () => new FenceTimeline(""));
    }

    [Fact]
    public void Timelines_HaveDistinctContexts_AndFencesShareTheirTimelinesContext()
    {
        var a = new FenceTimeline("a");
        var b = new FenceTimeline("b");
        Assert.NotEqual(a.Context, b.Context);
        Assert.Equal("a", a.Name);
        Fence fence = a.CreateFence();
        Assert.Equal(a.Context, fence.Context);
        Assert.Equal("a", fence.TimelineName);
    }

    [Fact]
    public void CreateFence_AssignsIncreasingSeqnos()
    {
        var timeline = new FenceTimeline("t");
        Assert.Equal(0UL, timeline.LastCreatedSeqno);
        Assert.Equal(new ulong[] { 1, 2, 3 }, Enumerable.Range(0, 3).Select(_ => timeline.CreateFence().Seqno));
        Assert.Equal(3UL, timeline.LastCreatedSeqno);
    }

    [Fact]
    public void SignallingALaterFence_SignalsEarlierPendingFencesFirst_WithoutTheirError()
    {
        var timeline = new FenceTimeline("t");
        Fence[] fences = Enumerable.Range(0, 4).Select(_ => timeline.CreateFence()).ToArray();
        var order = new List<ulong>();
        foreach (Fence f in fences)
        {
            f.AddCallback(x => order.Add(x.Seqno));
        }

        var error = new InvalidOperationException("reset");
        Assert.True(fences[2].Signal(error));
        Assert.Equal(new ulong[] { 1, 2, 3 }, order);
        Assert.True(fences[0].IsSignalled && fences[1].IsSignalled && fences[2].IsSignalled);
        Assert.False(fences[3].IsSignalled);
        Assert.Null(fences[0].Error);
        Assert.Same(error, fences[2].Error);
        Assert.Equal(3UL, timeline.LastSignalledSeqno);
        Assert.False(fences[1].Signal());

        Assert.True(fences[3].Signal());
        Assert.Equal(4UL, timeline.LastSignalledSeqno);
    }

    [Fact]
    public void SignallingAnEarlierFence_DoesNotSignalLaterOnes()
    {
        var timeline = new FenceTimeline("t");
        Fence first = timeline.CreateFence();
        Fence second = timeline.CreateFence();
        first.Signal();
        Assert.False(second.IsSignalled);
        Assert.Equal(1UL, timeline.LastSignalledSeqno);
    }

    [Fact]
    public void ConcurrentSignallers_ObserveSeqnoOrder()
    {
        // Whoever signals, a later fence is never observed signalled while an earlier one is pending.
        for (int round = 0; round < 50; round++)
        {
            var timeline = new FenceTimeline("t");
            Fence[] fences = Enumerable.Range(0, 200).Select(_ => timeline.CreateFence()).ToArray();
            int violations = 0;
            using var go = new ManualResetEventSlim();
            var observer = new Thread(() =>
            {
                go.Wait();
                while (!fences[^1].IsSignalled)
                {
                    for (int i = fences.Length - 1; i > 0; i--)
                    {
                        if (fences[i].IsSignalled && !fences[i - 1].IsSignalled)
                        {
                            Interlocked.Increment(ref violations);
                        }
                    }
                }
            });
            var signallers = Enumerable.Range(0, 2).Select(s => new Thread(() =>
            {
                go.Wait();
                var random = new Random(round * 7 + s);
                for (int i = 0; i < 100; i++)
                {
                    fences[random.Next(fences.Length)].Signal();
                }

                fences[^1].Signal();
            })).ToArray();
            observer.Start();
            foreach (Thread t in signallers) t.Start();
            go.Set();
            foreach (Thread t in signallers) Assert.True(t.Join(TimeSpan.FromSeconds(30)));
            Assert.True(observer.Join(TimeSpan.FromSeconds(30)));
            Assert.Equal(0, violations);
            Assert.All(fences, f => Assert.True(f.IsSignalled));
        }
    }
}
