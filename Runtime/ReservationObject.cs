using System;
using System.Collections.Generic;
using System.Threading;
using FenceGuard.Internal;

namespace FenceGuard
{
    /// <summary>
    /// How a fence in a <see cref="ReservationObject"/> uses the resource (the kernel's <c>dma_resv_usage</c>).
    /// Ordered: a query for one usage returns the fences of that usage and of every stronger (smaller) one.
    /// </summary>
    public enum FenceUsage
    {
        /// <summary>In-kernel memory management (clears, copies for eviction): always waited for.</summary>
        Kernel = 0,

        /// <summary>Implicit write synchronization.</summary>
        Write = 1,

        /// <summary>Implicit read synchronization.</summary>
        Read = 2,

        /// <summary>No implicit synchronization (preemption, page-table updates, explicitly synced work).</summary>
        Bookkeep = 3,
    }

    /// <summary>
    /// The fence bookkeeping of one shared resource (the kernel's <c>dma_resv</c>): the fences that use it, each with
    /// a <see cref="FenceUsage"/>, behind a lock.
    /// </summary>
    /// <remarks>
    /// <para>Adding a fence is split the kernel's way so it can happen past the point of no return: take
    /// <see cref="Lock"/>, call <see cref="ReserveSlots"/> (which may allocate) <b>before</b> the signalling section,
    /// then <see cref="AddFence"/> (which never allocates) inside it. Reservations are dropped when the lock is
    /// released, so reserve again each time (the kernel enforces this in debug builds).</para>
    /// <para>Unlike <c>dma_resv_reserve_fences</c>, reservations add up: two calls of <c>ReserveSlots(1)</c> reserve
    /// two slots. Every <see cref="AddFence"/> consumes one reservation, even when it replaces an older fence.</para>
    /// <para>The lock is not recursive and belongs to the thread that took it. Every reservation lock is one lock
    /// class for FenceGuard's analyzers (the kernel's <c>reservation_ww_class</c>).</para>
    /// </remarks>
    public sealed class ReservationObject
    {
        private readonly object _lock = new object();
        private readonly object _entriesSync = new object();
        private Fence?[] _fences = Array.Empty<Fence?>();
        private FenceUsage[] _usages = Array.Empty<FenceUsage>();
        private int _count;
        private int _reserved;
        private long _lockGeneration;
        private int _ownerThreadId; // 0 when unlocked; written only by the thread holding _lock

        /// <summary>Creates an empty reservation object.</summary>
        /// <param name="name">An optional name for diagnostics.</param>
        public ReservationObject(string? name = null)
        {
            Name = name;
        }

        /// <summary>The name given at creation, if any.</summary>
        public string? Name { get; }

        /// <summary>Whether the calling thread holds this object's lock.</summary>
        public bool IsLockedByCurrentThread => Volatile.Read(ref _ownerThreadId) == Environment.CurrentManagedThreadId;

        /// <summary>How many fences the object holds (signalled or not).</summary>
        public int Count
        {
            get
            {
                lock (_entriesSync)
                {
                    return _count;
                }
            }
        }

        /// <summary>Takes the object's lock (the kernel's <c>dma_resv_lock</c>); dispose the result to release it.</summary>
        /// <exception cref="InvalidOperationException">The calling thread already holds it (the lock is not recursive).</exception>
        public ReservationLock Lock()
        {
            if (IsLockedByCurrentThread)
            {
                throw new InvalidOperationException("This thread already holds the reservation lock; reservation locks are not recursive.");
            }

            HeldLocks.Acquire(LockGraph.Reservation, nestable: true); // checked before it blocks; see docs/runtime.md for nesting
            Monitor.Enter(_lock);
            Volatile.Write(ref _ownerThreadId, Environment.CurrentManagedThreadId);
            _reserved = 0;
            return new ReservationLock(this, ++_lockGeneration);
        }

        /// <summary>
        /// Reserves <paramref name="count"/> slots for <see cref="AddFence"/> (the kernel's <c>dma_resv_reserve_fences</c>).
        /// May allocate: call it before the signalling section. Requires the lock.
        /// </summary>
        [MayAllocate]
        public void ReserveSlots(int count)
        {
            if (count <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, "Reserve at least one slot (a count of 0 usually points to a bug).");
            }

            RequireLock(nameof(ReserveSlots));
            FenceValidation.MightAllocate();
            lock (_entriesSync)
            {
                int needed = _count + _reserved + count;
                if (needed > _fences.Length)
                {
                    int capacity = Math.Max(needed, Math.Max(4, _fences.Length * 2));
                    Array.Resize(ref _fences, capacity);
                    Array.Resize(ref _usages, capacity);
                }
            }

            _reserved += count;
        }

        /// <summary>
        /// Adds <paramref name="fence"/> with <paramref name="usage"/> (the kernel's <c>dma_resv_add_fence</c>). Never
        /// allocates. Replaces an older fence of the same context whose usage is not stronger, or a signalled fence;
        /// otherwise takes a reserved slot. Requires the lock and a reservation.
        /// </summary>
        /// <exception cref="ArgumentException"><paramref name="fence"/> is a container (<see cref="FenceArray"/> or <see cref="FenceChain"/>): add each fence individually (<see cref="Fence.Unwrap"/>).</exception>
        /// <exception cref="InvalidOperationException">The lock is not held, or no slot is reserved (<see cref="FenceDeadlockException"/> in <see cref="FenceValidationMode.Throw"/> mode).</exception>
        public void AddFence(Fence fence, FenceUsage usage)
        {
            if (fence is null)
            {
                throw new ArgumentNullException(nameof(fence));
            }

            if (fence is FenceArray || fence is FenceChain)
            {
                throw new ArgumentException("Add each fence of a container individually (see Fence.Unwrap).", nameof(fence));
            }

            ValidateUsage(usage);
            RequireLock(nameof(AddFence));
            if (_reserved <= 0)
            {
                FenceValidation.Report(FenceViolationKind.AddFenceWithoutReservedSlot,
                    "ReservationObject.AddFence without a slot reserved by ReserveSlots: reserve before the signalling section, because adding must not allocate.",
                    Internal.SectionStack.Innermost);
                throw new InvalidOperationException("AddFence needs a slot reserved with ReserveSlots while holding the lock.");
            }

            _reserved--;
            lock (_entriesSync)
            {
                for (int i = 0; i < _count; i++)
                {
                    Fence old = _fences[i]!;
                    if ((old.Context == fence.Context && _usages[i] >= usage && fence.Seqno >= old.Seqno) || old.IsSignalled)
                    {
                        _fences[i] = fence;
                        _usages[i] = usage;
                        return;
                    }
                }

                _fences[_count] = fence;
                _usages[_count] = usage;
                _count++;
            }
        }

        /// <summary>
        /// The pending fences of <paramref name="usage"/> and every stronger usage (a query for
        /// <see cref="FenceUsage.Read"/> returns Kernel, Write and Read fences). Allocates the result.
        /// </summary>
        [MayAllocate]
        public IReadOnlyList<Fence> GetFences(FenceUsage usage)
        {
            ValidateUsage(usage);
            var result = new List<Fence>();
            lock (_entriesSync)
            {
                for (int i = 0; i < _count; i++)
                {
                    if (_usages[i] <= usage && !_fences[i]!.IsSignalled)
                    {
                        result.Add(_fences[i]!);
                    }
                }
            }

            return result;
        }

        /// <summary>Whether every fence of <paramref name="usage"/> and stronger has signalled. Never allocates or blocks on a fence.</summary>
        public bool TestSignalled(FenceUsage usage)
        {
            ValidateUsage(usage);
            lock (_entriesSync)
            {
                for (int i = 0; i < _count; i++)
                {
                    if (_usages[i] <= usage && !_fences[i]!.IsSignalled)
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>
        /// Waits until every fence of <paramref name="usage"/> and stronger has signalled (the kernel's
        /// <c>dma_resv_wait_timeout</c>). A fence wait: never from a signalling section.
        /// </summary>
        /// <returns>True when all signalled; false on timeout.</returns>
        public bool Wait(FenceUsage usage, TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            ValidateUsage(usage);
            int timeoutMs = Internal.Completion.ToTimeoutMilliseconds(timeout);
            FenceValidation.CheckNotInSection(FenceViolationKind.ReservationWaitInSignallingSection, "ReservationObject.Wait");
            int start = Environment.TickCount;
            foreach (Fence fence in GetFences(usage))
            {
                TimeSpan remaining = Timeout.InfiniteTimeSpan;
                if (timeoutMs >= 0)
                {
                    remaining = TimeSpan.FromMilliseconds(Math.Max(0, timeoutMs - unchecked(Environment.TickCount - start)));
                }

                if (!fence.WaitUnchecked(remaining, cancellationToken))
                {
                    return false;
                }
            }

            return true;
        }

        /// <inheritdoc />
        public override string ToString() => $"reservation object '{Name ?? "(unnamed)"}' ({Count} fences)";

        internal void Unlock(long generation)
        {
            if (!IsLockedByCurrentThread || generation != _lockGeneration)
            {
                throw new InvalidOperationException("This reservation lock is not held by the calling thread (released twice, or on another thread).");
            }

            _reserved = 0;
            _lockGeneration++;
            Volatile.Write(ref _ownerThreadId, 0);
            Monitor.Exit(_lock);
            HeldLocks.Release(LockGraph.Reservation);
        }

        private static void ValidateUsage(FenceUsage usage)
        {
            if (usage < FenceUsage.Kernel || usage > FenceUsage.Bookkeep)
            {
                throw new ArgumentOutOfRangeException(nameof(usage), usage, "Unknown FenceUsage.");
            }
        }

        private void RequireLock(string member)
        {
            if (!IsLockedByCurrentThread)
            {
                throw new InvalidOperationException($"ReservationObject.{member} requires the reservation lock: call Lock() first.");
            }
        }
    }

    /// <summary>The held lock of a <see cref="ReservationObject"/>; dispose it exactly once, on the thread that took it.</summary>
    public readonly struct ReservationLock : IDisposable
    {
        private readonly long _generation;

        internal ReservationLock(ReservationObject owner, long generation)
        {
            Owner = owner;
            _generation = generation;
        }

        /// <summary>The locked object.</summary>
        public ReservationObject? Owner { get; }

        /// <summary>Releases the lock and drops unused reservations.</summary>
        /// <exception cref="InvalidOperationException">Released twice, or on another thread.</exception>
        public void Dispose()
        {
            if (Owner is null)
            {
                throw new InvalidOperationException("This ReservationLock was not returned by ReservationObject.Lock().");
            }

            Owner.Unlock(_generation);
        }
    }
}
