using FenceGuard;

namespace FencePipeline;

/// <summary>
/// FG0020, across two files (with DisplayEngine.cs): the copy engine signals its fence only after the scanout fence,
/// and the display engine signals scanout only after the copy fence. Neither ever signals.
/// Fix: the copy does not need the scanout; signal CopyDone from the copy's own completion.
/// </summary>
internal static class CopyEngine
{
    public static Fence CopyDone = null!;

    public static void Run()
    {
        WaitFor(DisplayEngine.ScanoutDone); // FG0020: the first edge of the cycle in source order
        CopyDone.Signal();
    }

    private static void WaitFor(Fence fence) => fence.Wait(); // parameters bind to arguments: this waits on ScanoutDone
}
