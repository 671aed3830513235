namespace FenceGuard.Analyzers.Operations
{
    /// <summary>What one operation does that matters inside a signalling section.</summary>
    internal enum EffectKind
    {
        /// <summary>Waits on a fence (FG0003).</summary>
        FenceWait,

        /// <summary>Blocks the thread in another way (FG0004).</summary>
        Blocking,

        /// <summary>Suspends the method: await, await foreach, await using (FG0007).</summary>
        Suspension,

        /// <summary>Calls a [MayReclaim] member, which may wait on fences to free memory (FG0002).</summary>
        Reclaim,

        /// <summary>Allocates on the heap (FG0001).</summary>
        Allocation,

        /// <summary>Runs a [RecoverableFaults] workload, which may block for unbounded time on on-demand memory (FG0030 in a section).</summary>
        RecoverableFaults,

        /// <summary>Signals a bounded fence (FG0010 behind an indefinite source, FG0030 in a [RecoverableFaults] workload; fine elsewhere).</summary>
        Signal,

        /// <summary>Opens a signalling section with Fence.BeginSignalling (FG0030 in a [RecoverableFaults] workload; fine elsewhere).</summary>
        OpensSection,
    }
}
