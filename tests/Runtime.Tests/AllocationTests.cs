using FenceGuard;

namespace FenceGuard.Runtime.Tests;

/// <summary>The runtime's own signalling paths must be signalling-safe: these operations allocate nothing.</summary>
public class AllocationTests
{
    private const int Iterations = 1000;

    private static long AllocatedBy(Action action)
    {
        action(); // warm up: JIT, the thread's section stack, static constructors
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Iterations; i++)
        {
            action();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Measurement_SeesAllocations()
    {
        // Control: the harness does detect an allocating operation.
        Assert.True(AllocatedBy(() => GC.KeepAlive(new object())) >= Iterations * 16);
    }

    [Fact]
    public void Signal_WithNoCallbacks_AllocatesNothing()
    {
        var timeline = new FenceTimeline("alloc");
        var fences = new Fence[Iterations + 1];
        for (int i = 0; i < fences.Length; i++)
        {
            fences[i] = timeline.CreateFence();
        }

        int next = 0;
        Assert.Equal(0, AllocatedBy(() => fences[next++].Signal()));
        Assert.All(fences, f => Assert.True(f.IsSignalled));
    }

    [Fact]
    public void IsSignalled_AndWaitOnASignalledFence_AllocateNothing()
    {
        Fence pending = new FenceTimeline("a").CreateFence();
        Fence signalled = new FenceTimeline("b").CreateFence();
        signalled.Signal();
        Assert.Equal(0, AllocatedBy(() => { _ = pending.IsSignalled; _ = signalled.IsSignalled; }));
        Assert.Equal(0, AllocatedBy(() => signalled.Wait(TimeSpan.Zero)));
        Assert.Equal(0, AllocatedBy(() => pending.Wait(TimeSpan.Zero)));
    }

    [Fact]
    public void BeginAndEndSignalling_AllocateNothing_IncludingNested()
    {
        Assert.Equal(0, AllocatedBy(() =>
        {
            using (Fence.BeginSignalling())
            using (Fence.BeginSignalling())
            {
                _ = Fence.IsInSignallingSection;
            }
        }));
    }

    [Fact]
    public void AddFenceIntoAReservedSlot_AndTestSignalled_AllocateNothing()
    {
        var resv = new ReservationObject();
        var timeline = new FenceTimeline("resv");
        var fences = new Fence[Iterations + 1];
        for (int i = 0; i < fences.Length; i++)
        {
            fences[i] = timeline.CreateFence();
        }

        int next = 0;
        using (resv.Lock())
        {
            resv.ReserveSlots(fences.Length);
            Assert.Equal(0, AllocatedBy(() =>
            {
                using (Fence.BeginSignalling())
                {
                    resv.AddFence(fences[next++], FenceUsage.Write);
                }
            }));
        }

        Assert.Equal(0, AllocatedBy(() => resv.TestSignalled(FenceUsage.Bookkeep)));
        Assert.False(resv.TestSignalled(FenceUsage.Write));
    }

    [Fact]
    public void SignalWithCallbacks_AllocatesNothingBeyondTheRegistrations()
    {
        // Registering allocates (AddCallback is [MayAllocate]); running the callbacks does not.
        var timeline = new FenceTimeline("cb");
        var fences = new Fence[Iterations + 1];
        int ran = 0;
        Action<Fence> callback = _ => ran++;
        for (int i = 0; i < fences.Length; i++)
        {
            fences[i] = timeline.CreateFence();
            fences[i].AddCallback(callback);
        }

        int next = 0;
        Assert.Equal(0, AllocatedBy(() => fences[next++].Signal()));
        Assert.Equal(fences.Length, ran);
    }
}
