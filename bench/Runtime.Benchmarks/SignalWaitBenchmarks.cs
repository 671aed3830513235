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

    /// <summary>The clock read every Signal makes for the fence's timestamp (the kernel's ktime_get).</summary>
    [Benchmark]
    public long Clock_DateTimeUtcNow() => System.DateTime.UtcNow.Ticks;

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
