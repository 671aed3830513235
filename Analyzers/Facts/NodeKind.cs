using System;

namespace FenceGuard.Analyzers.Facts
{
    /// <summary>What a node of the fence dependency graph stands for.</summary>
    internal enum NodeKind
    {
        /// <summary>A bounded <c>Fence</c> (arrays and chains included).</summary>
        Fence,

        /// <summary>The fences added to a <c>ReservationObject</c>: waiting on the object waits on each of them.</summary>
        Reservation,

        /// <summary>An indefinite <c>UserFence</c>.</summary>
        UserFence,

        /// <summary>An indefinite <c>TaskCompletionSource</c> task.</summary>
        TaskSource,

        /// <summary>A lock class (lockdep's sense: one per field, one for every ReservationObject lock).</summary>
        Lock,
    }
}
