using System.Threading;
using BenchmarkDotNet.Attributes;
using FenceGuard;

namespace FenceGuard.Runtime.Benchmarks;

/// <summary>
/// What the lockdep validator costs per acquisition (issue 14): a <see cref="FenceLock"/> against the semaphore it
/// wraps and a <c>lock</c>, alone and nested over a wait, and a reservation lock and a section, with validation
/// <c>Off</c> and in <c>Record</c> mode once every order is known. Targets: <c>Off</c> one static read more; <c>Record</c>
/// amortised O(1) with nothing allocated.
/// </summary>
[MemoryDiagnoser]
public class LockdepBenchmarks
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);
    private readonly object _monitor = new();
    private readonly FenceLock _outer = new("Bench.Outer");
    private readonly FenceLock _inner = new("Bench.Inner");
    private readonly ReservationObject _resv = new("bench");
    private Fence _done = null!;

    [Params(FenceValidationMode.Off, FenceValidationMode.Record)]
    public FenceValidationMode Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _done = new FenceTimeline("bench").CreateFence();
        _done.Signal();
        FenceValidation.Mode = Mode;
        NestedOverAWait(); // the orders' first sighting, outside the measurement
        FenceValidation.ClearViolations();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        FenceValidation.Mode = FenceValidationMode.Off;
        FenceValidation.ClearViolations();
    }

    [Benchmark(Baseline = true)]
    public void SemaphoreSlim_Wait_Release()
    {
        _semaphore.Wait();
        _semaphore.Release();
    }

    [Benchmark]
    public void Lock_Statement()
    {
        lock (_monitor)
        {
        }
    }

    [Benchmark]
    public void FenceLock_Acquire_Release()
    {
        using (_outer.Acquire())
        {
        }
    }

    [Benchmark]
    public bool NestedOverAWait()
    {
        using (_outer.Acquire())
        using (_inner.Acquire())
        {
            return _done.Wait(Timeout.InfiniteTimeSpan);
        }
    }

    [Benchmark]
    public void ReservationObject_Lock_Unlock()
    {
        using (_resv.Lock())
        {
        }
    }

    [Benchmark]
    public bool BeginEndSignalling()
    {
        using (Fence.BeginSignalling())
        {
            return Fence.IsInSignallingSection;
        }
    }
}
