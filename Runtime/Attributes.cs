using System;

namespace FenceGuard
{
    /// <summary>
    /// The whole body of this method, constructor, local function or lambda is a fence signalling section: it
    /// must finish in bounded time, must not allocate, wait on fences, block, or take a lock that is held elsewhere
    /// while waiting on a fence. FenceGuard's analyzers check it and everything it calls.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, Inherited = false, AllowMultiple = false)]
    public sealed class SignallingPathAttribute : Attribute
    {
    }

    /// <summary>
    /// This method may wait on fences to free resources (a shrinker, a pool that blocks until buffers return): it
    /// must never be called from a signalling section. Call <see cref="Fence.MightReclaim"/> at its start so the
    /// runtime validator checks it too.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
    public sealed class MayReclaimAttribute : Attribute
    {
    }

    /// <summary>
    /// This member allocates on the heap. For members whose bodies the analyzers cannot see (metadata, interfaces,
    /// extern). The runtime puts it on its own allocating members.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
    public sealed class MayAllocateAttribute : Attribute
    {
    }

    /// <summary>
    /// A workload that relies on recoverable page faults (on-demand memory): it may block for unbounded time on
    /// memory, so it can neither signal bounded fences nor be waited on from a signalling section.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Class | AttributeTargets.Struct, Inherited = true, AllowMultiple = false)]
    public sealed class RecoverableFaultsAttribute : Attribute
    {
    }
}
