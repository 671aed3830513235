// A helper library of the sample's: nothing here is wrong on its own. What its members do is recorded when it is
// built (FencePipeline.Kit.fenceguard), so a signalling section in the sample that calls one is reported at the call.
using FenceGuard;

namespace FencePipeline.Kit;

/// <summary>Describes fences for the logs.</summary>
public static class Telemetry
{
    /// <summary>A line for the log; it allocates, through a private helper.</summary>
    public static string Describe(Fence fence) => Format(fence.Seqno);

    /// <summary>The fence's sequence number, for the log: pure, and fine to call anywhere.</summary>
    public static ulong Key(Fence fence) => fence.Seqno;

    private static string Format(ulong seqno) => "fence " + seqno + " retired";
}
