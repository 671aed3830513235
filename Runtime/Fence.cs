using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using FenceGuard.Internal;

namespace FenceGuard
{
    /// <summary>
    /// A bounded-completion fence (the kernel's <c>dma_fence</c>): a promise that some work completes in bounded
    /// time. It signals once, optionally with an error; waiters block or await until then; callbacks run once, in
    /// the signaller's context, inside a signalling section.
    /// </summary>
    /// <remarks>
    /// <para>Create fences with <see cref="FenceTimeline.CreateFence"/>, <see cref="All"/>, <see cref="Any"/> or
    /// <see cref="FenceChain.Link"/>. Every member is thread-safe.</para>
    /// <para>Waiting does not throw when the fence signalled with an error, as in the kernel: check
    /// <see cref="Error"/> after the wait.</para>
    /// <para>Code that signals a fence must finish in bounded time and must never wait, directly or through memory
    /// reclaim or a lock, on anything that may itself wait on that fence. Mark it with <see cref="BeginSignalling"/>
    /// or <see cref="SignallingPathAttribute"/> so the validator and the analyzers can check it.</para>
    /// </remarks>
    public class Fence
    {
        private static readonly FenceTimeline StubTimeline = new FenceTimeline("stub");
        private static readonly Fence SignalledStub = CreateSignalledStub();

        private Completion _completion;
        private long _stamp;

        // The error: for a container, written before it is published; for a timeline fence, see ErrorState.
        internal Exception? ErrorValue;

        // Timeline fences only: whether ErrorValue belongs to the fence; written and read by FenceTimeline (its Error* states).
        internal int ErrorState;

        // Containers completed during a cascade on this thread, waiting for their callbacks to run (see SignalUnordered).
        [ThreadStatic]
        private static Fence? t_cascadeHead;
        [ThreadStatic]
        private static Fence? t_cascadeTail;
        [ThreadStatic]
        private static bool t_cascadeRunning;
        private Fence? CascadeNext;

        internal Fence(FenceTimeline timeline, ulong seqno)
        {
            _completion = new Completion(timeline, seqno);
        }

        /// <summary>
        /// For containers (<see cref="FenceArray"/>, <see cref="FenceChain"/>), which are not on a
        /// <see cref="FenceTimeline"/> and keep their own context and name (<see cref="ContainerContext"/>).
        /// </summary>
        private protected Fence(ulong seqno)
        {
            _completion = new Completion(null, seqno);
        }

        /// <summary>The context (timeline id) of this fence.</summary>
        public ulong Context => _completion.Timeline is { } timeline ? timeline.Context : ContainerContext;

        /// <summary>The fence's sequence number on its timeline.</summary>
        public ulong Seqno => _completion.Seqno;

        /// <summary>The name of the fence's timeline.</summary>
        public string TimelineName => _completion.Timeline is { } timeline ? timeline.Name : ContainerName;

        /// <summary>Whether the fence has signalled. Never allocates or blocks.</summary>
        public bool IsSignalled => _completion.IsSignalled;

        /// <summary>
        /// The error the fence signalled with, or null (also while it is pending, and for a fence of a timeline that
        /// signalled because a later fence of that timeline did).
        /// </summary>
        public Exception? Error
        {
            get
            {
                if (!IsSignalled)
                {
                    return null;
                }

                return _completion.Timeline is { } timeline ? timeline.ErrorOf(this) : Volatile.Read(ref ErrorValue);
            }
        }

        /// <summary>When the fence signalled (UTC), or null while it is pending.</summary>
        /// <remarks>
        /// The time comes from a monotonic clock, read when the signal happens, at the precision its timeline asks for
        /// (<see cref="FenceTimeline.TimestampPrecision"/>; coarse, about a millisecond, by default; containers use
        /// the precise clock). A fence that signalled because a later fence of its timeline did, and that had no
        /// callbacks or blocked waiters, is stamped from the timeline's latest signal when its timestamp is first read
        /// (as the kernel stamps a fence when <c>dma_fence_is_signaled</c> first finds it passed). Once read, a
        /// timestamp never changes.
        /// </remarks>
        public DateTimeOffset? Timestamp
        {
            get
            {
                if (!IsSignalled)
                {
                    return null;
                }

                long stamp = Volatile.Read(ref _stamp);
                if (stamp == 0)
                {
                    stamp = StampOnce(_completion.Timeline?.LastSignalStamp ?? FenceClock.ReadPrecise());
                }

                return FenceClock.ToUtc(stamp);
            }
        }

        /// <summary>A fence that is already signalled (the kernel's <c>dma_fence_get_stub</c>).</summary>
        public static Fence Signalled => SignalledStub;

        /// <summary>Whether the calling thread is inside a signalling section (begun and not yet ended, or a fence callback).</summary>
        public static bool IsInSignallingSection => SectionStack.IsInSection;

        /// <summary>
        /// Signals the fence: wakes every waiter and runs every callback, in registration order, on this thread inside
        /// a signalling section. On a timeline, also signals the timeline's earlier pending fences first.
        /// </summary>
        /// <returns>True when this call signalled the fence; false when it was already signalled.</returns>
        /// <exception cref="AggregateException">One or more callbacks threw; all of them ran and the fence is signalled.</exception>
        public bool Signal() => SignalCore(null);

        /// <summary>Signals the fence with an error (the kernel's <c>dma_fence_set_error</c> followed by signal).</summary>
        /// <param name="error">The error; waiters see it through <see cref="Error"/>.</param>
        /// <returns>True when this call signalled the fence; false when it was already signalled (the error is then dropped).</returns>
        public bool Signal(Exception error)
        {
            if (error is null)
            {
                throw new ArgumentNullException(nameof(error));
            }

            return SignalCore(error);
        }

        /// <summary>Blocks until the fence signals, the timeout passes, or <paramref name="cancellationToken"/> is cancelled.</summary>
        /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
        /// <param name="cancellationToken">Cancels the wait with <see cref="OperationCanceledException"/>.</param>
        /// <returns>True when the fence is signalled; false on timeout.</returns>
        public bool Wait(TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            FenceValidation.CheckNotInSection(FenceViolationKind.WaitInSignallingSection, "Fence.Wait");
            return _completion.Wait(this, timeout, cancellationToken);
        }

        /// <summary>Blocks until the fence signals or <paramref name="cancellationToken"/> is cancelled; no timeout.</summary>
        public void Wait(CancellationToken cancellationToken = default)
        {
            FenceValidation.CheckNotInSection(FenceViolationKind.WaitInSignallingSection, "Fence.Wait");
            _completion.Wait(this, Timeout.InfiniteTimeSpan, cancellationToken);
        }

        /// <summary>Waits asynchronously (no thread is blocked); continuations never run inside the signaller's section.</summary>
        public Task WaitAsync(CancellationToken cancellationToken = default)
        {
            FenceValidation.CheckNotInSection(FenceViolationKind.WaitInSignallingSection, "Fence.WaitAsync");
            return _completion.WaitAsync(this, Timeout.InfiniteTimeSpan, cancellationToken);
        }

        /// <summary>Waits asynchronously with a timeout.</summary>
        /// <returns>A task whose result is true when the fence signalled, false on timeout.</returns>
        public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            FenceValidation.CheckNotInSection(FenceViolationKind.WaitInSignallingSection, "Fence.WaitAsync");
            return _completion.WaitAsync(this, timeout, cancellationToken);
        }

        /// <summary>Makes <c>await fence</c> work.</summary>
        public TaskAwaiter GetAwaiter()
        {
            FenceValidation.CheckNotInSection(FenceViolationKind.WaitInSignallingSection, "await of a Fence");
            return ((Task)_completion.WaitAsync(this, Timeout.InfiniteTimeSpan, CancellationToken.None)).GetAwaiter();
        }

        /// <summary>
        /// Registers <paramref name="callback"/> to run when the fence signals, on the signalling thread, inside a
        /// signalling section: it must not allocate, wait or block. Allocates the registration.
        /// </summary>
        /// <returns>
        /// The registration. As with <c>dma_fence_add_callback</c>, when the fence is already signalled the callback is
        /// not run and <see cref="FenceCallback.IsRegistered"/> is false.
        /// </returns>
        [MayAllocate]
        public FenceCallback AddCallback(Action<Fence> callback)
        {
            if (callback is null)
            {
                throw new ArgumentNullException(nameof(callback));
            }

            FenceValidation.MightAllocate();
            var node = new FenceCallback(this, callback, null);
            _completion.TryAdd(node);
            return node;
        }

        /// <summary>
        /// Removes a callback before it runs (the kernel's <c>dma_fence_remove_callback</c>).
        /// </summary>
        /// <returns>True when the callback was removed and will not run; false when it already ran, is running, was
        /// removed before, or was never registered.</returns>
        public bool RemoveCallback(FenceCallback registration)
        {
            if (registration is null)
            {
                throw new ArgumentNullException(nameof(registration));
            }

            if (!ReferenceEquals(registration.Owner, this))
            {
                throw new ArgumentException("The registration belongs to another fence.", nameof(registration));
            }

            return _completion.TryRemove(registration);
        }

        /// <summary>
        /// Opens a signalling section on this thread (the kernel's <c>dma_fence_begin_signalling</c>). End it on the
        /// same thread with <see cref="EndSignalling"/> or by disposing the result. Allocates nothing.
        /// </summary>
        /// <param name="callerFilePath">Filled in by the compiler: where the section opens, for violation reports.</param>
        /// <param name="callerLineNumber">Filled in by the compiler.</param>
        /// <param name="callerMemberName">Filled in by the compiler.</param>
        public static SignallingSection BeginSignalling(
            [CallerFilePath] string callerFilePath = "",
            [CallerLineNumber] int callerLineNumber = 0,
            [CallerMemberName] string callerMemberName = "")
            => SectionStack.Begin(callerFilePath, callerLineNumber, callerMemberName, null);

        /// <summary>Ends a section opened by <see cref="BeginSignalling"/> (the kernel's <c>dma_fence_end_signalling</c>).</summary>
        public static void EndSignalling(SignallingSection section) => SectionStack.End(section);

        /// <summary>
        /// Announces that the calling path may wait on fences (the kernel's <c>__dma_fence_might_wait</c>), so the
        /// validator reports it inside a signalling section even when no wait happens this time.
        /// </summary>
        public static void MightWait() =>
            FenceValidation.CheckNotInSection(FenceViolationKind.MightWaitInSignallingSection, "Fence.MightWait (a path that may wait on fences)");

        /// <summary>
        /// Announces that the calling path may reclaim memory by waiting on fences (a shrinker, a blocking pool);
        /// call it at the start of <see cref="MayReclaimAttribute"/> methods so the validator checks them at run time
        /// (the kernel's <c>fs_reclaim_acquire</c>/<c>might_alloc</c>).
        /// </summary>
        [MayReclaim]
        public static void MightReclaim() =>
            FenceValidation.CheckNotInSection(FenceViolationKind.ReclaimInSignallingSection, "A [MayReclaim] path (it may wait on fences to free memory)");

        /// <summary>A fence that signals when all of <paramref name="fences"/> have signalled (signalled at once when empty).</summary>
        [MayAllocate]
        public static FenceArray All(params Fence[] fences) => new FenceArray(fences, signalOnAny: false);

        /// <summary>A fence that signals when any of <paramref name="fences"/> has signalled.</summary>
        [MayAllocate]
        public static FenceArray Any(params Fence[] fences) => new FenceArray(fences, signalOnAny: true);

        /// <summary>
        /// The leaf fences inside <paramref name="fence"/>: the parts of arrays and the fences of every link of a chain,
        /// recursively (the kernel's <c>dma_fence_unwrap_for_each</c>); a plain fence yields itself.
        /// </summary>
        public static IEnumerable<Fence> Unwrap(Fence fence)
        {
            if (fence is null)
            {
                throw new ArgumentNullException(nameof(fence));
            }

            return UnwrapIterator(fence);
        }

        /// <inheritdoc />
        public override string ToString() =>
            $"{TimelineName}#{Seqno} ({(IsSignalled ? (Error is null ? "signalled" : "signalled with error") : "pending")})";

        /// <summary>A wait that skips the validator, for runtime members that already checked.</summary>
        internal bool WaitUnchecked(TimeSpan timeout, CancellationToken cancellationToken) => _completion.Wait(this, timeout, cancellationToken);

        internal FenceCallback AddInternalCallback(Action<object, object?> callback, object? state)
        {
            var node = new FenceCallback(this, callback, state);
            _completion.TryAdd(node);
            return node;
        }

        /// <summary>
        /// Signals this fence alone (containers, stubs); timeline fences go through their timeline. A container
        /// completed by another container's callback (a chain link completing the next link, nested arrays) is
        /// queued and its callbacks run by the outermost container signal on this thread, iteratively: the stack
        /// does not grow with the length of a chain (the kernel defers the same way, through irq_work).
        /// </summary>
        private protected bool SignalUnordered(Exception? error)
        {
            if (!Claim(error))
            {
                return false;
            }

            if (t_cascadeRunning)
            {
                if (t_cascadeTail is null)
                {
                    t_cascadeHead = this;
                }
                else
                {
                    t_cascadeTail.CascadeNext = this;
                }

                t_cascadeTail = this;
                return true;
            }

            t_cascadeRunning = true;
            Exception? firstError = null;
            try
            {
                for (Fence? next = this; next is not null; next = DequeueCascade())
                {
                    try
                    {
                        next.SealAndRunCallbacks();
                    }
                    catch (AggregateException ex)
                    {
                        firstError ??= ex;
                    }
                }
            }
            finally
            {
                t_cascadeRunning = false;
            }

            if (firstError is not null)
            {
                throw firstError;
            }

            return true;
        }

        /// <summary>Wins the right to signal, records error and timestamp, and publishes <see cref="IsSignalled"/>.</summary>
        internal bool Claim(Exception? error)
        {
            if (!_completion.TryClaim())
            {
                return false;
            }

            // Plain writes: Publish is a release, and readers check IsSignalled (an acquire) first.
            ErrorValue = error;
            _stamp = FenceClock.ReadPrecise();
            _completion.Publish();
            OnSignalled();
            return true;
        }

        internal void SealAndRunCallbacks() => Completion.Run(_completion.Seal(), this);

        /// <summary>Sets the timestamp unless it is set; returns the one that stands.</summary>
        internal long StampOnce(long stamp)
        {
            long prior = Interlocked.CompareExchange(ref _stamp, stamp, 0);
            return prior == 0 ? stamp : prior;
        }

        /// <summary>A container's own context (fences of a timeline have the timeline's).</summary>
        private protected virtual ulong ContainerContext => 0;

        /// <summary>A container's own name (fences of a timeline have the timeline's).</summary>
        private protected virtual string ContainerName => string.Empty;

        /// <summary>Called once, right after the fence is published as signalled, before callbacks run.</summary>
        private protected virtual void OnSignalled()
        {
        }

        private bool SignalCore(Exception? error) =>
            _completion.Timeline is { } timeline ? timeline.SignalThrough(this, error) : SignalUnordered(error);

        private static Fence? DequeueCascade()
        {
            Fence? head = t_cascadeHead;
            if (head is not null)
            {
                t_cascadeHead = head.CascadeNext;
                if (t_cascadeHead is null)
                {
                    t_cascadeTail = null;
                }

                head.CascadeNext = null;
            }

            return head;
        }

        private static IEnumerable<Fence> UnwrapIterator(Fence fence)
        {
            switch (fence)
            {
                case FenceArray array:
                    foreach (Fence part in array.Fences)
                    {
                        foreach (Fence leaf in UnwrapIterator(part))
                        {
                            yield return leaf;
                        }
                    }

                    break;
                case FenceChain chain:
                    for (FenceChain? link = chain; link is not null; link = link.Previous)
                    {
                        foreach (Fence leaf in UnwrapIterator(link.Fence))
                        {
                            yield return leaf;
                        }
                    }

                    break;
                default:
                    yield return fence;
                    break;
            }
        }

        private static Fence CreateSignalledStub()
        {
            Fence stub = StubTimeline.CreateFence();
            stub.Signal();
            return stub;
        }
    }
}
