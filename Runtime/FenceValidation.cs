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
    }

    /// <summary>One violation found by the runtime validator.</summary>
    public sealed class FenceViolation
    {
        internal FenceViolation(FenceViolationKind kind, string message, string? sectionOpenedAt, string callSite, int threadId)
        {
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

        /// <inheritdoc />
        public override string ToString() =>
            SectionOpenedAt is null
                ? $"{Kind}: {Message}{Environment.NewLine}{CallSite}"
                : $"{Kind}: {Message} (section opened at {SectionOpenedAt}){Environment.NewLine}{CallSite}";
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

        /// <summary>Reports <paramref name="kind"/> when the calling thread is inside a signalling section.</summary>
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
            }
        }

        internal static void Report(FenceViolationKind kind, string message, SectionFrame? section)
        {
            var mode = (FenceValidationMode)Volatile.Read(ref s_mode);
            if (mode == FenceValidationMode.Off)
            {
                return;
            }

            var violation = new FenceViolation(kind, message, section?.ToString(),
                new StackTrace(2, true).ToString(), Environment.CurrentManagedThreadId);
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
