// Frame statistics: the other half of a deliberate cross-file lock inversion (see Mistakes.RetireCounted).
using FenceGuard;

namespace FencePipeline;

internal sealed class Stats
{
    public static readonly object Gate = new();

    public static int Retired;

    /// <summary>Waits for the GPU to go idle while holding <see cref="Gate"/>: fine alone, a deadlock with FG0005's signaller.</summary>
    public static void Flush(Fence gpuIdle)
    {
        lock (Gate)
        {
            gpuIdle.Wait(); // holding Gate while waiting on a fence
        }
    }
}
