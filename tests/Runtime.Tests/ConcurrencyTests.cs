using FenceGuard;

namespace FenceGuard.Runtime.Tests;

/// <summary>
/// Stress under real threads: many threads add and remove callbacks, signal and wait at once on thousands of
/// fences. Each round is seeded, bounded in time, and checks that no callback is lost or run twice and no waiter hangs.
/// Systematic exploration of the same races lives in Runtime.SystematicTests (Coyote).
/// </summary>
public class ConcurrencyTests
{
    public static TheoryData<int> Seeds => new() { 1, 2, 3, 4, 5, 6, 7, 8 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ManyThreads_AddRemoveSignalWait_NoCallbackLostOrRepeated_NoWaiterHangs(int seed)
    {
        const int FenceCount = 2000;
        const int Threads = 6;
        var timeline = new FenceTimeline("stress");
        Fence[] fences = Enumerable.Range(0, FenceCount).Select(_ => timeline.CreateFence()).ToArray();
        var runs = new int[FenceCount * Threads * 4];
        var expected = new bool[runs.Length];
        var registrations = new FenceCallback?[runs.Length];
        int waitsCompleted = 0;
        using var start = new Barrier(Threads + 1);

        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var random = new Random(seed * 1000 + t);
            start.SignalAndWait();
            for (int op = 0; op < FenceCount * 4; op++)
            {
                int slot = t * FenceCount * 4 + op;
                int f = random.Next(FenceCount);
                switch (random.Next(5))
                {
                    case 0:
                    case 1:
                        FenceCallback registration = fences[f].AddCallback(_ => Interlocked.Increment(ref runs[slot]));
                        registrations[slot] = registration;
                        expected[slot] = registration.IsRegistered;
                        if (registration.IsRegistered && random.Next(3) == 0 && fences[f].RemoveCallback(registration))
                        {
                            expected[slot] = false;
                        }

                        break;
                    case 2:
                        fences[f].Signal();
                        break;
                    case 3:
                        if (fences[f].Wait(TimeSpan.FromMilliseconds(random.Next(2))))
                        {
                            Interlocked.Increment(ref waitsCompleted);
                        }

                        break;
                    default:
                        _ = fences[f].WaitAsync(TimeSpan.FromMilliseconds(random.Next(3)));
                        break;
                }
            }
        })).ToArray();

        var blockedWaiters = Enumerable.Range(0, 4).Select(w => Task.Run(() => fences[(w + 1) * 400].Wait(TimeSpan.FromSeconds(60)))).ToArray();
        foreach (Thread worker in workers) worker.Start();
        start.SignalAndWait();
        foreach (Thread worker in workers) Assert.True(worker.Join(TimeSpan.FromSeconds(60)), "a worker hung");

        fences[^1].Signal(); // the timeline signals everything still pending, in order
        Assert.True(Task.WaitAll(blockedWaiters, TimeSpan.FromSeconds(30)), "a waiter was left hanging");
        Assert.All(blockedWaiters, w => Assert.True(w.Result));
        Assert.All(fences, f => Assert.True(f.IsSignalled));
        for (int i = 0; i < runs.Length; i++)
        {
            if (registrations[i] is null)
            {
                continue;
            }

            Assert.True(runs[i] == (expected[i] ? 1 : 0), $"callback {i}: ran {runs[i]} times, expected {(expected[i] ? 1 : 0)}");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RacingSignallers_ExactlyOneWins_CallbacksRunOnce(int seed)
    {
        var random = new Random(seed);
        for (int round = 0; round < 200; round++)
        {
            Fence fence = new FenceTimeline("race").CreateFence();
            int callbackRuns = 0, wins = 0;
            int threads = 2 + random.Next(3);
            using var go = new Barrier(threads);
            var racers = Enumerable.Range(0, threads).Select(i => new Thread(() =>
            {
                go.SignalAndWait();
                if (i % 2 == 0)
                {
                    FenceCallback r = fence.AddCallback(_ => Interlocked.Increment(ref callbackRuns));
                    if (!r.IsRegistered)
                    {
                        Interlocked.Increment(ref callbackRuns); // the caller handles an already-signalled fence itself
                    }
                }

                if (fence.Signal())
                {
                    Interlocked.Increment(ref wins);
                }
            })).ToArray();
            foreach (Thread t in racers) t.Start();
            foreach (Thread t in racers) Assert.True(t.Join(TimeSpan.FromSeconds(30)));
            Assert.Equal(1, wins);
            Assert.Equal((threads + 1) / 2, callbackRuns);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task ArraysAndChains_UnderConcurrentSignalling_AllSignal(int seed)
    {
        var random = new Random(seed);
        var timelines = Enumerable.Range(0, 8).Select(i => new FenceTimeline("t" + i)).ToArray();
        Fence[] leaves = Enumerable.Range(0, 512).Select(i => timelines[i % 8].CreateFence()).ToArray();
        var arrays = Enumerable.Range(0, 64).Select(i => Fence.All(leaves.Skip(i * 8).Take(8).ToArray())).ToArray();
        FenceChain? chain = null;
        for (int i = 0; i < arrays.Length; i++)
        {
            chain = FenceChain.Link(chain, Fence.Unwrap(arrays[i]).First(), (ulong)i + 1);
        }

        Task chainWait = chain!.WaitAsync();
        int[] order = Enumerable.Range(0, leaves.Length).OrderBy(_ => random.Next()).ToArray();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(p => Task.Run(() =>
        {
            for (int i = p; i < order.Length; i += 4)
            {
                leaves[order[i]].Signal();
            }
        })));
        await chainWait.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(arrays, a => Assert.True(a.IsSignalled));
        Assert.True(chain.IsSignalled);
    }

    [Fact]
    public void ReservationObject_ConcurrentWritersAndReaders_StayConsistent()
    {
        var resv = new ReservationObject();
        var timelines = Enumerable.Range(0, 4).Select(i => new FenceTimeline("w" + i)).ToArray();
        int stop = 0;
        var readers = Enumerable.Range(0, 2).Select(reader => Task.Run(() =>
        {
            while (Volatile.Read(ref stop) == 0)
            {
                _ = resv.TestSignalled(FenceUsage.Bookkeep);
                IReadOnlyList<Fence> pending = resv.GetFences(FenceUsage.Read);
                Assert.All(pending, f => Assert.NotNull(f));
                Assert.InRange(pending.Count, 0, 16);
            }
        })).ToArray();
        var writers = timelines.Select(timeline => Task.Run(() =>
        {
            for (int i = 0; i < 2000; i++)
            {
                Fence fence = timeline.CreateFence();
                using (resv.Lock())
                {
                    resv.ReserveSlots(1);
                    using (Fence.BeginSignalling())
                    {
                        resv.AddFence(fence, (FenceUsage)(i % 4));
                    }
                }

                fence.Signal();
            }
        })).ToArray();
        Assert.True(Task.WaitAll(writers, TimeSpan.FromSeconds(60)));
        Volatile.Write(ref stop, 1);
        Assert.True(Task.WaitAll(readers, TimeSpan.FromSeconds(10)));
        Assert.True(resv.TestSignalled(FenceUsage.Bookkeep));
        Assert.Empty(resv.GetFences(FenceUsage.Bookkeep));
        // Same-context replacement and signalled-slot reuse keep the object small.
        Assert.InRange(resv.Count, 1, 16);
    }
}
