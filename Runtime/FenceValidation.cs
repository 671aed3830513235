using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using FenceGuard.Internal;

namespace FenceGuard
{
    /// <summary>What the runtime validator does when code breaks a signalling-section rule.</summary>
    public enum FenceValidationMode
    {
        /// <summary>Nothing is checked beyond a thread-static test; the default.</summary>
        Off = 0,

        /// <summary>Violations are appended to <see cref="FenceValidation.Violations"/> and execution continues.</summary>
        Record = 1,

        /// <summary>Violations throw <see cref="FenceDeadlockException"/> at the offending call.</summary>
        Throw = 2,
    }

    /// <summary>The kinds of rule the runtime validator enforces.</summary>
    public enum FenceViolationKind
    {
        /// <summary>A wait on a fence (<c>Fence.Wait</c>, <c>WaitAsync</c>, <c>await</c>, <c>UserFence.Wait</c>) inside a signalling section.</summary>
        WaitInSignallingSection,

        /// <summary><see cref="Fence.MightWait"/> (a path that may wait on fences) inside a signalling section.</summary>
        MightWaitInSignallingSection,

        /// <summary><see cref="ReservationObject.Wait"/> inside a signalling section.</summary>
        ReservationWaitInSignallingSection,

        /// <summary>A <see cref="MayReclaimAttribute"/> path (announced with <see cref="Fence.MightReclaim"/>) inside a signalling section.</summary>
        ReclaimInSignallingSection,

        /// <summary><see cref="Fence.EndSignalling"/> of a section that is not open, or out of nesting order.</summary>
        UnbalancedEnd,

        /// <summary>A section ended on a different thread than the one that began it.</summary>
        EndedOnOtherThread,

        /// <summary><see cref="ReservationObject.AddFence"/> without a slot reserved by <see cref="ReservationObject.ReserveSlots"/>.</summary>
        AddFenceWithoutReservedSlot,

        /// <summary>
        /// A lock class taken while holding another, when the opposite order is already known from any thread at any time
        /// (lockdep's circular dependency): the signalling map, memory reclaim, the reservation class and each
        /// <see cref="FenceLock"/> class. <see cref="FenceViolation.Chain"/> gives every ordering of the cycle and where it
        /// was first seen.
        /// </summary>
        LockOrderInversion,

        /// <summary>A <see cref="FenceLock"/> class taken while the thread already holds another lock of the same class.</summary>
        RecursiveLockAcquisition,

        /// <summary>A <see cref="FenceLock"/> released on another thread than the one that took it (an <c>await</c> in between).</summary>
        LockReleasedOnOtherThread,
    }

    /// <summary>One violation found by the runtime validator.</summary>
    public sealed class FenceViolation
    {
        internal FenceViolation(FenceViolationKind kind, string message, string? sectionOpenedAt, string callSite, int threadId, IReadOnlyList<string>? chain = null)
        {
            Chain = chain ?? Array.Empty<string>();
            Kind = kind;
            Message = message;
            SectionOpenedAt = sectionOpenedAt;
            CallSite = callSite;
            ThreadId = threadId;
        }

        /// <summary>Which rule was broken.</summary>
        public FenceViolationKind Kind { get; }

        /// <summary>What was done, and why it is forbidden.</summary>
        public string Message { get; }

        /// <summary>Where the signalling section involved was opened (file and line, or the fence whose callback runs), if any.</summary>
        public string? SectionOpenedAt { get; }

        /// <summary>The stack at the offending call.</summary>
        public string CallSite { get; }

        /// <summary>The managed thread id of the offending call.</summary>
        public int ThreadId { get; }

        /// <summary>
        /// For <see cref="FenceViolationKind.LockOrderInversion"/>: each ordering of the cycle, the new one first, with
        /// where (thread and stack) it was first seen; empty for the other kinds.
        /// </summary>
        public IReadOnlyList<string> Chain { get; }

        /// <inheritdoc />
        public override string ToString() =>
            (SectionOpenedAt is null
                ? $"{Kind}: {Message}{Environment.NewLine}{CallSite}"
                : $"{Kind}: {Message} (section opened at {SectionOpenedAt}){Environment.NewLine}{CallSite}") +
            (Chain.Count == 0 ? "" : Environment.NewLine + "The cycle:" + Environment.NewLine + string.Join(Environment.NewLine, Chain));
    }

    /// <summary>
    /// The lockdep-style runtime validator: per thread, it checks at run time what FenceGuard's analyzers check at
    /// compile time. Checks happen whether or not the fence involved is already signalled (as the kernel's
    /// might-wait annotation does), so timing cannot hide a bug.
    /// </summary>
    /// <remarks>
    /// The mode is process-wide and thread-safe to change at any time. When <see cref="FenceValidationMode.Off"/>,
    /// each check is one static read; the section bookkeeping that backs <see cref="Fence.IsInSignallingSection"/>
    /// runs in every mode.
    /// </remarks>
    public static class FenceValidation
    {
        private static readonly ConcurrentQueue<FenceViolation> Recorded = new ConcurrentQueue<FenceViolation>();
        private static int s_mode;

        /// <summary>The validator's mode; <see cref="FenceValidationMode.Off"/> by default.</summary>
        public static FenceValidationMode Mode
        {
            get => (FenceValidationMode)Volatile.Read(ref s_mode);
            set
            {
                if (value < FenceValidationMode.Off || value > FenceValidationMode.Throw)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown FenceValidationMode.");
                }

                Volatile.Write(ref s_mode, (int)value);
            }
        }

        /// <summary>A snapshot of the violations recorded so far in <see cref="FenceValidationMode.Record"/> mode, oldest first.</summary>
        public static IReadOnlyList<FenceViolation> Violations => Recorded.ToArray();

        /// <summary>Forgets every recorded violation.</summary>
        public static void ClearViolations()
        {
            while (Recorded.TryDequeue(out _))
            {
            }
        }

        /// <summary>
        /// Forgets every lock ordering learned so far (the orders primed at start stay): for test suites, so that each test
        /// starts from the orders it runs itself. Lockdep itself never forgets an order.
        /// </summary>
        public static void ForgetLockOrders() => LockGraph.Forget();

        /// <summary>Whether validation is off: the one static read every check costs then.</summary>
        internal static bool IsOff => Volatile.Read(ref s_mode) == (int)FenceValidationMode.Off;

        /// <summary>
        /// A wait (or a path that may reclaim memory): reports <paramref name="kind"/> when the calling thread is inside a
        /// signalling section; otherwise takes the signalling map (reclaim's class, for reclaim) for a moment, so that the
        /// locks held around it are ordered before it in the lock-class graph.
        /// </summary>
        internal static void CheckNotInSection(FenceViolationKind kind, string what)
        {
            if (Volatile.Read(ref s_mode) == (int)FenceValidationMode.Off)
            {
                return;
            }

            SectionFrame? section = SectionStack.Innermost;
            if (section is not null)
            {
                Report(kind, what + " inside a signalling section: code that signals a fence must not wait on fences, or it can deadlock.", section);
                return; // one report for one mistake: the cycle it would close through the map is this one
            }

            HeldLocks.Touch(kind == FenceViolationKind.ReclaimInSignallingSection ? LockGraph.Reclaim : LockGraph.Signalling);
        }

        /// <summary>A runtime member that may allocate (the kernel's <c>might_alloc</c>): takes memory reclaim's class for a moment.</summary>
        internal static void MightAllocate() => HeldLocks.Touch(LockGraph.Reclaim);

        internal static void Report(FenceViolationKind kind, string message, SectionFrame? section, IReadOnlyList<string>? chain = null)
        {
            var mode = (FenceValidationMode)Volatile.Read(ref s_mode);
            if (mode == FenceValidationMode.Off)
            {
                return;
            }

            var violation = new FenceViolation(kind, message, section?.ToString(),
                new StackTrace(2, true).ToString(), Environment.CurrentManagedThreadId, chain);
            if (mode == FenceValidationMode.Throw)
            {
                throw new FenceDeadlockException(violation);
            }

            Recorded.Enqueue(violation);
        }
    }

    /// <summary>
    /// Thrown by the validator in <see cref="FenceValidationMode.Throw"/> mode: what was done, where, and inside which
    /// signalling section. It is an <see cref="InvalidOperationException"/>, like every contract violation of the runtime.
    /// </summary>
    public sealed class FenceDeadlockException : InvalidOperationException
    {
        /// <summary>Creates the exception for <paramref name="violation"/>.</summary>
        public FenceDeadlockException(FenceViolation violation)
            : base(violation is null ? "Fence rule violated." : Describe(violation))
        {
            Violation = violation ?? throw new ArgumentNullException(nameof(violation));
        }

        /// <summary>The violation.</summary>
        public FenceViolation Violation { get; }

        private static string Describe(FenceViolation violation) =>
            violation.SectionOpenedAt is null
                ? $"{violation.Kind}: {violation.Message}"
                : $"{violation.Kind}: {violation.Message} The section was opened at {violation.SectionOpenedAt}.";
    }
}
