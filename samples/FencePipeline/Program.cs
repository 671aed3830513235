// FencePipeline: a tiny GPU-style job scheduler built on FenceGuard's runtime.
//
//   submit -> the "ring" timeline hands out a fence per job
//   a completion-interrupt thread signals job fences in order (its callbacks run inside signalling sections)
//   a buffer pool reuses buffers only when the fences in their reservation objects have signalled
//
// Then it breaks the kernel's rule on purpose: the interrupt path waits on a fence inside a signalling
// section, and the runtime validator catches it (Record mode, then Throw mode).
using System;
using System.Collections.Concurrent;
using System.Threading;
using FenceGuard;

namespace FencePipeline;

internal static class Program
{
    private static int Main()
    {
        Console.WriteLine("== 1. A fence pipeline ==");
        var scheduler = new JobScheduler(ringName: "gpu-ring", buffers: 2);
        Fence? first = null, last = null;
        for (int job = 1; job <= 4; job++)
        {
            Fence done = scheduler.Submit($"job {job}");
            first ??= done;
            last = done;
            Console.WriteLine($"submitted job {job} -> fence {done}");
        }

        scheduler.Drain();
        Console.WriteLine($"all jobs retired; ring signalled up to seqno {scheduler.Ring.LastSignalledSeqno}");

        // The ring asked for precise timestamps (timelines are coarse, about a millisecond, by default).
        TimeSpan retireSpan = last!.Timestamp!.Value - first!.Timestamp!.Value;
        Console.WriteLine($"first to last retirement: {retireSpan.TotalMilliseconds:0.000} ms ({scheduler.Ring.TimestampPrecision} timestamps)");

        Console.WriteLine();
        Console.WriteLine("== 2. The validator catches a wait inside a signalling section ==");
        FenceValidation.Mode = FenceValidationMode.Record;
        var other = new FenceTimeline("copy-engine").CreateFence();
        other.Signal(); // already signalled: the wait cannot block, yet it is still a bug
        Fence interrupt = scheduler.Ring.CreateFence();
        interrupt.AddCallback(_ =>
        {
            // BUG: a fence callback runs in the signaller's context; waiting here can deadlock.
            other.Wait(TimeSpan.FromSeconds(1));
        });
        interrupt.Signal();
        foreach (FenceViolation violation in FenceValidation.Violations)
        {
            Console.WriteLine($"recorded {violation.Kind}: {violation.Message}");
            Console.WriteLine($"  section opened at: {violation.SectionOpenedAt}");
        }

        FenceValidation.Mode = FenceValidationMode.Throw;
        try
        {
            using (Fence.BeginSignalling())
            {
                Fence.MightWait(); // BUG: announces a path that may wait on fences, inside a section
            }

            Console.WriteLine("not caught?!");
            return 1;
        }
        catch (FenceDeadlockException ex)
        {
            Console.WriteLine($"Throw mode stopped it: {ex.Message}");
        }
        finally
        {
            FenceValidation.Mode = FenceValidationMode.Off;
        }

        bool caughtTheWait = FenceValidation.Violations.Count == 1;

        Console.WriteLine();
        Console.WriteLine("== 3. The validator finds a lock-order inversion across threads, at different times ==");
        FenceValidation.ClearViolations();
        FenceValidation.Mode = FenceValidationMode.Record;
        var submitGate = new FenceLock("JobScheduler.SubmitGate");
        var previous = new FenceTimeline("copy-engine").CreateFence();
        previous.Signal();
        // Thread 1, the submit path: holds the gate while it waits for the previous job (with a timeout, even).
        var submitter = new Thread(() =>
        {
            using (submitGate.Acquire())
            {
                previous.Wait(TimeSpan.FromSeconds(1));
            }
        });
        submitter.Start();
        submitter.Join();
        // Later, thread 2, the completion interrupt: takes the same gate inside its signalling section. The two never
        // ran at once, so nothing hung; but run together they deadlock, and lockdep says so the first time.
        var completion = new Thread(() =>
        {
            using (Fence.BeginSignalling())
            using (submitGate.Acquire())
            {
            }
        });
        completion.Start();
        completion.Join();
        FenceValidation.Mode = FenceValidationMode.Off;
        foreach (FenceViolation violation in FenceValidation.Violations)
        {
            Console.WriteLine($"recorded {violation.Kind}: {violation.Message}");
            foreach (string order in violation.Chain)
            {
                string[] lines = order.Split('\n');
                Console.WriteLine($"  {lines[0].TrimEnd()}");
                Console.WriteLine($"    {(lines.Length > 1 ? lines[1].Trim() : "")}"); // the frame that first took the order
            }
        }

        bool caughtTheInversion = FenceValidation.Violations.Count == 1 &&
            FenceValidation.Violations[0].Kind == FenceViolationKind.LockOrderInversion && FenceValidation.Violations[0].Chain.Count == 2;
        return caughtTheWait && caughtTheInversion ? 0 : 1;
    }
}

/// <summary>Submits jobs onto a ring timeline and retires them from a completion "interrupt" thread.</summary>
internal sealed class JobScheduler
{
    private readonly BlockingCollection<Fence> _inFlight = new();

    // Retirement records, preallocated: the callback runs inside a signalling section and must not allocate.
    private readonly ulong[] _retiredSeqnos = new ulong[64];
    private readonly bool[] _retiredInSection = new bool[64];
    private readonly Action<Fence> _onRetired;
    private int _retired;
    private readonly BufferPool _pool;
    private readonly Thread _interrupt;

    public JobScheduler(string ringName, int buffers)
    {
        Ring = new FenceTimeline(ringName, FenceTimestampPrecision.Precise);
        _pool = new BufferPool(buffers);
        _onRetired = OnRetired;
        _interrupt = new Thread(CompletionInterrupt) { IsBackground = true, Name = "completion-irq" };
        _interrupt.Start();
    }

    public FenceTimeline Ring { get; }

    /// <summary>Setup phase: everything that allocates or may wait happens here, before any signalling section.</summary>
    public Fence Submit(string name)
    {
        Buffer buffer = _pool.Acquire(); // may wait for an older job's fence: fine, we are not signalling
        Fence done = Ring.CreateFence();
        using (buffer.Reservation.Lock())
        {
            buffer.Reservation.ReserveSlots(1); // allocates: before the section
            buffer.Reservation.AddFence(done, FenceUsage.Write);
        }

        done.AddCallback(_onRetired); // the delegate was created once, outside any section
        _inFlight.Add(done);
        Console.WriteLine($"  {name} writes buffer #{buffer.Id}");
        return done;
    }

    public void Drain()
    {
        _inFlight.CompleteAdding();
        _interrupt.Join();
        for (int i = 0; i < _retired; i++)
        {
            Console.WriteLine($"  irq: {Ring.Name}#{_retiredSeqnos[i]} retired (callback inside a signalling section: {_retiredInSection[i]})");
        }
    }

    /// <summary>A fence callback: records, without allocating, that the job retired.</summary>
    private void OnRetired(Fence fence)
    {
        int slot = Interlocked.Increment(ref _retired) - 1;
        _retiredSeqnos[slot] = fence.Seqno;
        _retiredInSection[slot] = Fence.IsInSignallingSection;
    }

    private void CompletionInterrupt()
    {
        foreach (Fence fence in _inFlight.GetConsumingEnumerable())
        {
            Thread.Sleep(5); // the "GPU" works
            fence.Signal(); // callbacks run here, inside a signalling section
        }
    }
}

internal sealed class Buffer
{
    public Buffer(int id) => Id = id;

    public int Id { get; }

    public ReservationObject Reservation { get; } = new();
}

/// <summary>A bounded pool: reusing a buffer waits until the GPU is done with it. That wait is why signalling code must never need a buffer.</summary>
internal sealed class BufferPool
{
    private readonly Buffer[] _buffers;
    private int _next;

    public BufferPool(int count)
    {
        _buffers = new Buffer[count];
        for (int i = 0; i < count; i++)
        {
            _buffers[i] = new Buffer(i);
        }
    }

    [MayReclaim]
    public Buffer Acquire()
    {
        Fence.MightReclaim();
        Buffer buffer = _buffers[_next++ % _buffers.Length];
        buffer.Reservation.Wait(FenceUsage.Bookkeep, Timeout.InfiniteTimeSpan);
        return buffer;
    }
}
