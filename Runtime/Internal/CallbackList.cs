using System;
using System.Threading;

namespace FenceGuard.Internal
{
    /// <summary>
    /// The slow-path state of a pending fence: its callbacks and its blocked waiters. Created on the first
    /// <c>AddCallback</c> or blocking wait; fences that are signalled before anyone waits never allocate one.
    /// The object is its own monitor: waiters block with <see cref="Monitor.Wait(object, int)"/>.
    /// </summary>
    internal sealed class CallbackList
    {
        internal CallbackList()
        {
        }

        /// <summary>A list of a timeline fence, which goes on the timeline's watch list.</summary>
        internal CallbackList(Fence watched)
        {
            Watched = watched;
        }

        /// <summary>The timeline fence this list belongs to; null for fences that signal alone.</summary>
        internal Fence? Watched { get; }

        // The timeline's watch list, in seqno order; guarded by the timeline's lock.
        internal CallbackList? WatchNext;
        internal CallbackList? WatchPrevious;

        private FenceCallback? _head;
        private FenceCallback? _tail;
        private int _waiters;

        /// <summary>Set once, under the lock, when the fence has signalled; nothing is added afterwards.</summary>
        internal bool IsSealed;

        internal bool TryAdd(FenceCallback node)
        {
            lock (this)
            {
                if (IsSealed)
                {
                    return false;
                }

                node.List = this;
                node.Previous = _tail;
                if (_tail is null)
                {
                    _head = node;
                }
                else
                {
                    _tail.Next = node;
                }

                _tail = node;
                return true;
            }
        }

        internal bool TryRemove(FenceCallback node)
        {
            lock (this)
            {
                if (IsSealed || !ReferenceEquals(node.List, this))
                {
                    return false;
                }

                if (node.Previous is null)
                {
                    _head = node.Next;
                }
                else
                {
                    node.Previous.Next = node.Next;
                }

                if (node.Next is null)
                {
                    _tail = node.Previous;
                }
                else
                {
                    node.Next.Previous = node.Previous;
                }

                node.List = null;
                node.Next = null;
                node.Previous = null;
                return true;
            }
        }

        /// <summary>Seals the list, wakes every waiter and hands the callbacks, in registration order, to the signaller.</summary>
        internal FenceCallback? SealAndTake()
        {
            lock (this)
            {
                IsSealed = true;
                FenceCallback? head = _head;
                _head = null;
                _tail = null;
                for (FenceCallback? node = head; node is not null; node = node.Next)
                {
                    node.List = null;
                }

                if (_waiters > 0)
                {
                    Monitor.PulseAll(this);
                }

                return head;
            }
        }

        /// <summary>Blocks until sealed; false on timeout. <paramref name="timeoutMs"/> is -1 for no timeout.</summary>
        internal bool Wait(int timeoutMs, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            CancellationTokenRegistration registration = default;
            if (cancellationToken.CanBeCanceled)
            {
                registration = cancellationToken.Register(static list => ((CallbackList)list!).WakeAll(), this);
            }

            try
            {
                int start = Environment.TickCount;
                lock (this)
                {
                    while (!IsSealed)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        int remaining = -1;
                        if (timeoutMs >= 0)
                        {
                            remaining = timeoutMs - unchecked(Environment.TickCount - start);
                            if (remaining <= 0)
                            {
                                return false;
                            }
                        }

                        _waiters++;
                        try
                        {
                            Monitor.Wait(this, remaining);
                        }
                        finally
                        {
                            _waiters--;
                        }
                    }

                    return true;
                }
            }
            finally
            {
                registration.Dispose();
            }
        }

        private void WakeAll()
        {
            lock (this)
            {
                Monitor.PulseAll(this);
            }
        }
    }
}
