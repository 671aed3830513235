using System;
using System.Threading;

namespace FenceGuard
{
    /// <summary>
    /// A timeline (the kernel's fence context): fences created on it get increasing sequence numbers and signal in
    /// that order. Signalling a fence also signals every earlier fence of the timeline that is still pending,
    /// because the timeline has passed them (as <c>sw_sync</c> timelines do).
    /// </summary>
    /// <remarks>
    /// The timeline keeps a reference to each of its fences until that fence signals.
    /// </remarks>
    public sealed class FenceTimeline
    {
        private static long s_lastContext;

        private readonly object _sync = new object();
        private long _lastSeqno;
        private long _lastSignalledSeqno;

        // Pending fences in seqno order (an intrusive list through Fence.TimelineNext/TimelinePrevious).
        private Fence? _pendingHead;
        private Fence? _pendingTail;

        /// <summary>Creates a timeline with a new, unique <see cref="Context"/>.</summary>
        /// <param name="name">A name for diagnostics (the kernel's timeline name).</param>
        public FenceTimeline(string name)
        {
            if (name is null)
            {
                throw new ArgumentNullException(nameof(name));
            }

            if (name.Length == 0)
            {
                throw new ArgumentException("A timeline needs a non-empty name.", nameof(name));
            }

            Name = name;
            Context = AllocateContext();
        }

        /// <summary>The timeline's name.</summary>
        public string Name { get; }

        /// <summary>The timeline's unique context id (the kernel's <c>dma_fence_context_alloc</c>).</summary>
        public ulong Context { get; }

        /// <summary>The sequence number of the latest fence of this timeline that has signalled; 0 when none has.</summary>
        public ulong LastSignalledSeqno => (ulong)Volatile.Read(ref _lastSignalledSeqno);

        /// <summary>The sequence number of the latest fence created on this timeline; 0 when none has been.</summary>
        public ulong LastCreatedSeqno => (ulong)Interlocked.Read(ref _lastSeqno);

        /// <summary>Creates the next fence of this timeline. Allocates: call it before a signalling section.</summary>
        [MayAllocate]
        public Fence CreateFence()
        {
            lock (_sync)
            {
                var fence = new Fence(this, (ulong)(_lastSeqno + 1));
                Interlocked.Increment(ref _lastSeqno);
                fence.TimelinePrevious = _pendingTail;
                if (_pendingTail is null)
                {
                    _pendingHead = fence;
                }
                else
                {
                    _pendingTail.TimelineNext = fence;
                }

                _pendingTail = fence;
                fence.InTimeline = true;
                return fence;
            }
        }

        /// <inheritdoc />
        public override string ToString() => $"{Name} (context {Context}, signalled {LastSignalledSeqno} of {LastCreatedSeqno})";

        internal static ulong AllocateContext() => (ulong)Interlocked.Increment(ref s_lastContext);

        /// <summary>
        /// Signals <paramref name="fence"/> and every earlier pending fence of this timeline, in seqno order.
        /// Claims and publishes under the timeline's lock, so signalled state is observed in seqno order; runs
        /// callbacks outside it.
        /// </summary>
        internal bool SignalThrough(Fence fence, Exception? error)
        {
            Fence? first;
            bool signalledTarget = false;
            lock (_sync)
            {
                if (!fence.InTimeline)
                {
                    return false; // already signalled (claimed) through this timeline
                }

                first = _pendingHead;
                Fence? afterTarget = fence.TimelineNext;
                _pendingHead = afterTarget;
                if (afterTarget is null)
                {
                    _pendingTail = null;
                }
                else
                {
                    afterTarget.TimelinePrevious = null;
                }

                for (Fence? f = first; f is not null; f = f.TimelineNext)
                {
                    f.InTimeline = false;
                    bool isTarget = ReferenceEquals(f, fence);
                    if (f.Claim(isTarget ? error : null))
                    {
                        signalledTarget |= isTarget;
                    }

                    if (isTarget)
                    {
                        break;
                    }
                }

                if ((long)fence.Seqno > _lastSignalledSeqno)
                {
                    Volatile.Write(ref _lastSignalledSeqno, (long)fence.Seqno);
                }
            }

            // Outside the lock: wake waiters and run callbacks, earliest fence first.
            Exception? callbackError = null;
            for (Fence? f = first; f is not null;)
            {
                Fence? next = f.TimelineNext;
                f.TimelineNext = null;
                f.TimelinePrevious = null;
                try
                {
                    f.SealAndRunCallbacks();
                }
                catch (AggregateException ex)
                {
                    callbackError ??= ex;
                }

                if (ReferenceEquals(f, fence))
                {
                    break;
                }

                f = next;
            }

            if (callbackError is not null)
            {
                throw callbackError;
            }

            return signalledTarget;
        }
    }
}
