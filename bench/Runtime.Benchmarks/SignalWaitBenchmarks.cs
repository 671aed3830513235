using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using FenceGuard;

namespace FenceGuard.Runtime.Benchmarks;

/// <summary>
/// Uncontended "create, signal, wait on the signalled primitive" for a fence and for the BCL primitives a
/// team would otherwise use. Target (issue 2): the fence within 2x of both.
/// </summary>
[MemoryDiagnoser]
public class SignalWaitBenchmarks
{
    private readonly FenceTimeline _timeline = new("bench");
    private readonly FenceTimeline _preciseTimeline = new("bench-precise", FenceTimestampPrecision.Precise);

    [Benchmark(Baseline = true)]
    public bool TaskCompletionSource_SetResult_Wait()
    {
        var source = new TaskCompletionSource<bool>();
        source.SetResult(true);
        return source.Task.Wait(Timeout.Infinite);
    }

    [Benchmark]
    public bool ManualResetEventSlim_Set_Wait()
    {
        var gate = new ManualResetEventSlim(false);
        gate.Set();
        return gate.Wait(Timeout.Infinite);
    }

    [Benchmark]
    public bool Fence_Create_Signal_Wait()
    {
        Fence fence = _timeline.CreateFence();
        fence.Signal();
        return fence.Wait(Timeout.InfiniteTimeSpan);
    }

    /// <summary>The same on a timeline that asked for precise timestamps: one high-resolution clock read more.</summary>
    [Benchmark]
    public bool Fence_PreciseTimestamps_Create_Signal_Wait()
    {
        Fence fence = _preciseTimeline.CreateFence();
        fence.Signal();
        return fence.Wait(Timeout.InfiniteTimeSpan);
    }

    /// <summary>The watched path: a fence with a callback, so the signal takes the timeline's watch list.</summary>
    [Benchmark]
    public bool Fence_Create_AddCallback_Signal()
    {
        Fence fence = _timeline.CreateFence();
        fence.AddCallback(static _ => { });
        return fence.Signal();
    }

    /// <summary>The clocks a timestamp could come from: wall clock, precise monotonic, coarse monotonic (the default).</summary>
    [Benchmark]
    public long Clock_DateTimeUtcNow() => System.DateTime.UtcNow.Ticks;

    [Benchmark]
    public long Clock_StopwatchGetTimestamp() => System.Diagnostics.Stopwatch.GetTimestamp();

    [Benchmark]
    public long Clock_TickCount64() => System.Environment.TickCount64;

    [Benchmark]
    public bool BeginEndSignalling()
    {
        using (Fence.BeginSignalling())
        {
            return Fence.IsInSignallingSection;
        }
    }
}

public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
