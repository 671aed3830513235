using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace FenceGuard.Internal
{
    /// <summary>
    /// The one implementation of "signal once, wait, run callbacks" shared by <see cref="Fence"/> and
    /// <see cref="UserFence"/>. It is a mutable struct embedded as a field of its owner, so a fence costs one
    /// object; every member must be called on that field, never on a copy.
    /// </summary>
    /// <remarks>
    /// <para>A fence's signalled state has one of two sources:</para>
    /// <list type="bullet">
    /// <item>A fence on a <see cref="FenceTimeline"/> is signalled once the timeline's signalled seqno has reached
    /// its own (the kernel's <c>ops-&gt;signaled</c> seqno check): signalling is one compare-and-swap on the
    /// timeline, and earlier fences are signalled by the same step. Fences with callbacks or blocked waiters are
    /// on the timeline's watch list, and the signal that passes them seals and runs them (see
    /// <see cref="FenceTimeline"/>).</item>
    /// <item>Any other fence (containers, stubs, user fences) signals in three steps, so that readers never see a
    /// half-signalled fence: <see cref="TryClaim"/> (exactly one signaller wins), the winner records error and
    /// timestamp, then <see cref="Publish"/> makes <see cref="IsSignalled"/> true.</item>
    /// </list>
    /// <para>Either way <see cref="Seal"/> then closes the callback list, wakes blocked waiters and returns the
    /// callbacks to run. The fast paths (signal with no callbacks or waiters, <see cref="IsSignalled"/>) take no
    /// lock and allocate nothing.</para>
    /// </remarks>
    internal struct Completion
    {
        private static readonly object SealedMarker = new object();

        private int _claimed;
        private int _signalled;

        // null: pending, nobody waiting; CallbackList: pending with callbacks or waiters; SealedMarker: done.
        private object? _slow;

        internal Completion(FenceTimeline? timeline, ulong seqno)
        {
            Timeline = timeline;
            Seqno = seqno;
            _claimed = 0;
            _signalled = 0;
            _slow = null;
        }

        /// <summary>The timeline whose signalled seqno decides this fence's state, or null for one that signals alone.</summary>
        internal readonly FenceTimeline? Timeline;

        internal readonly ulong Seqno;

        internal bool IsSignalled => Timeline is { } timeline ? timeline.HasPassed(Seqno) : Volatile.Read(ref _signalled) != 0;

        internal bool TryClaim() => Interlocked.CompareExchange(ref _claimed, 1, 0) == 0;

        internal void Publish() => Volatile.Write(ref _signalled, 1);

        internal FenceCallback? Seal()
        {
            object? previous = Interlocked.Exchange(ref _slow, SealedMarker);
            return previous is CallbackList list ? list.SealAndTake() : null;
        }

        /// <summary>Registers <paramref name="node"/>; false (and <c>node.IsRegistered</c> false) when already signalled.</summary>
        internal bool TryAdd(FenceCallback node)
        {
            bool added = !IsSignalled && GetOrCreateList(node.Owner) is { } list && list.TryAdd(node);
            node.IsRegistered = added;
            return added;
        }

        internal bool TryRemove(FenceCallback node) =>
            node.List is { } list && ReferenceEquals(Volatile.Read(ref _slow), list) && list.TryRemove(node);

        internal bool Wait(object owner, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (IsSignalled && (timeout >= TimeSpan.Zero || timeout == Timeout.InfiniteTimeSpan))
            {
                return true; // fast path: no argument arithmetic
            }

            int timeoutMs = ToTimeoutMilliseconds(timeout);
            if (IsSignalled)
            {
                return true;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (timeoutMs == 0)
            {
                return false;
            }

            // A short spin catches signals that are already on their way without a kernel transition.
            SpinWait spinner = default;
            while (!spinner.NextSpinWillYield)
            {
                spinner.SpinOnce();
                if (IsSignalled)
                {
                    return true;
                }
            }

            CallbackList? list = GetOrCreateList(owner);
            return list is null || list.Wait(timeoutMs, cancellationToken);
        }

        internal Task<bool> WaitAsync(object owner, TimeSpan timeout, CancellationToken cancellationToken)
        {
            int timeoutMs = ToTimeoutMilliseconds(timeout);
            if (IsSignalled)
            {
                return AsyncWaiter.True;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return AsyncWaiter.Canceled(cancellationToken);
            }

            if (timeoutMs == 0)
            {
                return AsyncWaiter.False;
            }

            var waiter = new AsyncWaiter(owner);
            if (!TryAdd(waiter.Node))
            {
                return AsyncWaiter.True;
            }

            waiter.Arm(timeoutMs, cancellationToken);
            return waiter.Task;
        }

        /// <summary>Runs callbacks in registration order; every callback runs even when an earlier one throws.</summary>
        internal static void Run(FenceCallback? head, Fence? sectionOrigin)
        {
            List<Exception>? errors = null;
            for (FenceCallback? node = head; node is not null;)
            {
                FenceCallback? next = node.Next;
                node.Next = null;
                node.Previous = null;
                try
                {
                    if (sectionOrigin is null)
                    {
                        node.Invoke();
                    }
                    else
                    {
                        // Fence callbacks run in the signaller's context: they are signalling sections.
                        SignallingSection section = SectionStack.Begin(null, 0, null, sectionOrigin);
                        try
                        {
                            node.Invoke();
                        }
                        finally
                        {
                            SectionStack.End(section);
                        }
                    }
                }
                catch (Exception ex)
                {
                    (errors ??= new List<Exception>()).Add(ex);
                }

                node = next;
            }

            if (errors is not null)
            {
                throw new AggregateException("One or more fence callbacks threw; every callback ran and the fence is signalled.", errors);
            }
        }

        internal static int ToTimeoutMilliseconds(TimeSpan timeout)
        {
            if (timeout == Timeout.InfiniteTimeSpan)
            {
                return -1;
            }

            if (timeout < TimeSpan.Zero || timeout.TotalMilliseconds > int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(timeout), timeout,
                    "The timeout must be non-negative (or Timeout.InfiniteTimeSpan) and at most Int32.MaxValue milliseconds.");
            }

            // Round up so that a sub-millisecond timeout still waits instead of polling once.
            return (int)Math.Ceiling(timeout.TotalMilliseconds);
        }

        /// <summary>The fence's callback list, created on first use; null when the fence is already signalled.</summary>
        private CallbackList? GetOrCreateList(object owner)
        {
            object? current = Volatile.Read(ref _slow);
            if (current is CallbackList existing)
            {
                return existing;
            }

            if (current is not null)
            {
                return null; // sealed
            }

            if (Timeline is { } timeline)
            {
                return timeline.Watch((Fence)owner, ref _slow);
            }

            var created = new CallbackList();
            object? raced = Interlocked.CompareExchange(ref _slow, created, null);
            return raced is null ? created : raced as CallbackList;
        }
    }
}
