namespace FenceGuard.Analyzers.Operations
{
    /// <summary>What kind of thing an expression that is waited on or called back names.</summary>
    internal enum FenceSourceKind
    {
        /// <summary>A kernel-style <c>Fence</c> (or a type derived from it): it must signal in bounded time.</summary>
        Bounded,

        /// <summary>A <c>ReservationObject</c>: waiting on it waits on the fences it holds.</summary>
        Reservation,

        /// <summary>A <c>UserFence</c>: signalled when user code decides.</summary>
        UserFence,

        /// <summary>The task of a <c>TaskCompletionSource</c>: completed when user code decides.</summary>
        TaskSource,
    }
}
