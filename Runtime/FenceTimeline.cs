using System;
using System.Threading;
using FenceGuard.Internal;

namespace FenceGuard
{
    /// <summary>
    /// A timeline (the kernel's fence context): fences created on it get increasing sequence numbers and signal in
    /// that order. Signalling a fence also signals every earlier fence of the timeline that is still pending,
    /// because the timeline has passed them (as <c>sw_sync</c> timelines do).
    /// </summary>
    /// <remarks>
    /// <para>As in the kernel, where <c>dma_fence_is_signaled</c> asks the driver whether the hardware's seqno has
    /// passed the fence, a fence of a timeline is signalled exactly when the timeline's
    /// <see cref="LastSignalledSeqno"/> has reached its <see cref="Fence.Seqno"/>. Signalling is one
    /// compare-and-swap that raises that seqno, so signalled state is observed in seqno order by every thread, and
    /// a fence that nobody waits on costs the timeline nothing.</para>
    /// <para>Fences with callbacks or blocked waiters are on the timeline's watch list (kept in seqno order, under a
    /// lock taken only by those slow paths). The signal that passes them seals them, wakes their waiters and runs
    /// their callbacks, earliest fence first, on the signalling thread. The timeline references only those fences;
    /// a pending fence that nobody watches can be collected.</para>
    /// </remarks>
    public sealed class FenceTimeline
    {
        // Fence.ErrorState of a timeline fence: no error signal yet (0), one deciding under _sync, its error kept,
        // or its error dropped because a later fence's signal passed the fence first.
        private const int ErrorPending = 1;
        private const int ErrorCommitted = 2;
        private const int ErrorDropped = 3;

        private static long s_lastContext;

        private readonly object _sync = new object();
        private long _lastSeqno;
        private long _lastSignalledSeqno;

        // The clock reading of the latest signal, for fences that a later fence's signal passed.
        private long _lastSignalStamp;

        // Watched fences (with callbacks or blocked waiters) in seqno order; guarded by _sync.
        private CallbackList? _watchHead;
        private CallbackList? _watchTail;

        // The seqno of _watchHead, or long.MaxValue when nothing is watched. A signaller reads it, without the lock,
        // after raising _lastSignalledSeqno; a watcher writes it (a full fence) before checking that seqno. So either
        // the signaller sees the watched fence or the watcher sees the signal (see Watch and SignalThrough).
        private long _watchMin = long.MaxValue;

        /// <summary>Creates a timeline with a new, unique <see cref="Context"/> and coarse timestamps.</summary>
        /// <param name="name">A name for diagnostics (the kernel's timeline name).</param>
        public FenceTimeline(string name)
            : this(name, FenceTimestampPrecision.Coarse)
        {
        }

        /// <summary>Creates a timeline with a new, unique <see cref="Context"/>.</summary>
        /// <param name="name">A name for diagnostics (the kernel's timeline name).</param>
        /// <param name="timestampPrecision">The clock its fences' <see cref="Fence.Timestamp"/> is read from.</param>
        public FenceTimeline(string name, FenceTimestampPrecision timestampPrecision)
        {
            if (name is null)
            {
                throw new ArgumentNullException(nameof(name));
            }

            if (name.Length == 0)
            {
                throw new ArgumentException("A timeline needs a non-empty name.", nameof(name));
            }

            if (timestampPrecision != FenceTimestampPrecision.Coarse && timestampPrecision != FenceTimestampPrecision.Precise)
            {
                throw new ArgumentOutOfRangeException(nameof(timestampPrecision), timestampPrecision, "Not a FenceTimestampPrecision value.");
            }

            Name = name;
            TimestampPrecision = timestampPrecision;
            Context = AllocateContext();
        }

        /// <summary>The timeline's name.</summary>
        public string Name { get; }

        /// <summary>The timeline's unique context id (the kernel's <c>dma_fence_context_alloc</c>).</summary>
        public ulong Context { get; }

        /// <summary>The clock this timeline's fences are stamped from when they signal.</summary>
        public FenceTimestampPrecision TimestampPrecision { get; }

        /// <summary>The sequence number of the latest fence of this timeline that has signalled; 0 when none has.</summary>
        public ulong LastSignalledSeqno => (ulong)Volatile.Read(ref _lastSignalledSeqno);

        /// <summary>The sequence number of the latest fence created on this timeline; 0 when none has been.</summary>
        public ulong LastCreatedSeqno => (ulong)Volatile.Read(ref _lastSeqno);

        /// <summary>The reading of the latest signal's clock, for fences a later fence's signal passed.</summary>
        internal long LastSignalStamp => Volatile.Read(ref _lastSignalStamp);

        /// <summary>Creates the next fence of this timeline. Allocates: call it before a signalling section.</summary>
        [MayAllocate]
        public Fence CreateFence()
        {
            FenceValidation.MightAllocate();
            return new Fence(this, (ulong)Interlocked.Increment(ref _lastSeqno));
        }

        /// <inheritdoc />
        public override string ToString() => $"{Name} (context {Context}, signalled {LastSignalledSeqno} of {LastCreatedSeqno})";

        internal static ulong AllocateContext() => (ulong)Interlocked.Increment(ref s_lastContext);

        internal bool HasPassed(ulong seqno) => (ulong)Volatile.Read(ref _lastSignalledSeqno) >= seqno;

        /// <summary>
        /// Signals <paramref name="fence"/> and so every earlier fence of this timeline: raises the signalled seqno,
        /// then runs the watched fences it passed (callbacks, waiters), earliest first.
        /// </summary>
        /// <returns>True when this call raised the seqno past the fence; false when it was already signalled.</returns>
        internal bool SignalThrough(Fence fence, Exception? error)
        {
            long seqno = (long)fence.Seqno;
            long current = Volatile.Read(ref _lastSignalledSeqno);
            if (current >= seqno)
            {
                return false;
            }

            long stamp = FenceClock.Read(TimestampPrecision);
            if (error is null)
            {
                _lastSignalStamp = stamp; // published by the compare-and-swap in Advance
                if (!Advance(seqno, current))
                {
                    return false;
                }
            }
            else if (!SignalWithError(fence, seqno, error, stamp))
            {
                return false;
            }

            fence.StampOnce(stamp);
            if (Volatile.Read(ref _watchMin) <= seqno)
            {
                RunWatched(stamp);
            }

            return true;
        }

        /// <summary>
        /// The fence's error when it is signalled: its own error if its own signal carried one and won, null when it
        /// signalled without one or because a later fence signalled.
        /// </summary>
        internal Exception? ErrorOf(Fence fence)
        {
            int state = Volatile.Read(ref fence.ErrorState);
            if (state == ErrorPending)
            {
                // SignalWithError decides under the lock; once we hold it, the decision is made.
                lock (_sync)
                {
                    state = Volatile.Read(ref fence.ErrorState);
                }
            }

            return state == ErrorCommitted ? Volatile.Read(ref fence.ErrorValue) : null;
        }

        /// <summary>
        /// Puts <paramref name="fence"/> on the watch list and gives it a callback list, unless the timeline has
        /// already passed it.
        /// </summary>
        /// <param name="fence">The pending fence that gets its first callback or blocked waiter.</param>
        /// <param name="slot">The fence's slow-state slot (<c>Completion._slow</c>), written under the lock.</param>
        /// <returns>The fence's callback list; null when the fence is already signalled.</returns>
        internal CallbackList? Watch(Fence fence, ref object? slot)
        {
            lock (_sync)
            {
                object? current = Volatile.Read(ref slot);
                if (current is not null)
                {
                    return current as CallbackList; // a list made by a racing watcher, or null when sealed
                }

                long seqno = (long)fence.Seqno;

                // Announce the watch (a full fence) before looking at the signalled seqno; see _watchMin.
                Interlocked.Exchange(ref _watchMin, Math.Min(_watchMin, seqno));
                if (HasPassed((ulong)seqno))
                {
                    PublishWatchMin();
                    return null;
                }

                var list = new CallbackList(fence);
                InsertInOrder(list, seqno);
                Volatile.Write(ref slot, list);
                return list;
            }
        }

        /// <summary>Sets <see cref="_watchMin"/> to the watch list's first seqno; under the lock.</summary>
        private void PublishWatchMin() =>
            Volatile.Write(ref _watchMin, _watchHead is null ? long.MaxValue : (long)_watchHead.Watched!.Seqno);

        private bool Advance(long seqno, long current)
        {
            while (true)
            {
                long seen = Interlocked.CompareExchange(ref _lastSignalledSeqno, seqno, current);
                if (seen == current)
                {
                    return true;
                }

                if (seen >= seqno)
                {
                    return false;
                }

                current = seen;
            }
        }

        /// <summary>
        /// The error path, under the lock: the error is attached only when this signal raises the seqno past the
        /// fence. Readers that find the decision pending wait for the lock (<see cref="ErrorOf"/>), so nobody sees the
        /// error appear and then vanish when a later fence's signal passed this one first.
        /// </summary>
        private bool SignalWithError(Fence fence, long seqno, Exception error, long stamp)
        {
            lock (_sync)
            {
                long current = Volatile.Read(ref _lastSignalledSeqno);
                if (current >= seqno)
                {
                    return false;
                }

                fence.ErrorValue = error;
                Volatile.Write(ref fence.ErrorState, ErrorPending);
                _lastSignalStamp = stamp;
                bool won = Advance(seqno, current);
                Volatile.Write(ref fence.ErrorState, won ? ErrorCommitted : ErrorDropped);
                return won;
            }
        }

        private void InsertInOrder(CallbackList list, long seqno)
        {
            // Fences are usually watched in creation order: search from the tail.
            CallbackList? after = _watchTail;
            while (after is not null && (long)after.Watched!.Seqno > seqno)
            {
                after = after.WatchPrevious;
            }

            list.WatchPrevious = after;
            list.WatchNext = after is null ? _watchHead : after.WatchNext;
            if (list.WatchNext is null)
            {
                _watchTail = list;
            }
            else
            {
                list.WatchNext.WatchPrevious = list;
            }

            if (after is null)
            {
                _watchHead = list;
            }
            else
            {
                after.WatchNext = list;
            }
        }

        /// <summary>
        /// Takes every watched fence the timeline has passed off the watch list, then, outside the lock, stamps each,
        /// wakes its waiters and runs its callbacks, earliest fence first.
        /// </summary>
        private void RunWatched(long stamp)
        {
            CallbackList? first;
            CallbackList? last = null;
            lock (_sync)
            {
                long passed = Volatile.Read(ref _lastSignalledSeqno);
                first = _watchHead;
                for (CallbackList? list = first; list is not null && (long)list.Watched!.Seqno <= passed; list = list.WatchNext)
                {
                    last = list;
                }

                if (last is null)
                {
                    return;
                }

                _watchHead = last.WatchNext;
                if (_watchHead is null)
                {
                    _watchTail = null;
                }
                else
                {
                    _watchHead.WatchPrevious = null;
                }

                last.WatchNext = null;
                PublishWatchMin();
            }

            AggregateException? callbackError = null;
            for (CallbackList? list = first; list is not null;)
            {
                CallbackList? next = list.WatchNext;
                list.WatchNext = null;
                list.WatchPrevious = null;
                try
                {
                    Fence watched = list.Watched!;
                    watched.StampOnce(stamp);
                    watched.SealAndRunCallbacks();
                }
                catch (AggregateException ex)
                {
                    callbackError ??= ex;
                }

                list = next;
            }

            if (callbackError is not null)
            {
                throw callbackError;
            }
        }
    }
}
