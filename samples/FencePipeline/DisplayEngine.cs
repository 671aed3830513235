using FenceGuard;

namespace FencePipeline;

/// <summary>The other half of the FG0020 cycle in CopyEngine.cs.</summary>
internal static class DisplayEngine
{
    public static Fence ScanoutDone = null!;

    public static void Flip()
    {
        CopyEngine.CopyDone.Wait();
        ScanoutDone.Signal();
    }
}
