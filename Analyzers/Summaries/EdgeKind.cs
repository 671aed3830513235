using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>Why one node depends on another.</summary>
    internal enum EdgeKind
    {
        /// <summary>The source fence is signalled after waiting on (or awaiting) the target.</summary>
        WaitsOn,

        /// <summary>The source fence is signalled from a callback of the target.</summary>
        CallbackOf,

        /// <summary>The source fence is signalled after taking the target lock class.</summary>
        TakesLock,

        /// <summary>The source lock class is held while waiting on the target.</summary>
        HeldWhileWaiting,

        /// <summary>The source reservation object holds the target fence (waiting on it waits on the fence).</summary>
        Holds,
    }
}
