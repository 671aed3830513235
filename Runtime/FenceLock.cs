using System;
using System.Threading;
using FenceGuard.Internal;

namespace FenceGuard
{
    /// <summary>
    /// A lock the runtime validator tracks, lockdep-style: every <see cref="FenceLock"/> with one <see cref="ClassName"/> is
    /// one lock class whatever the instance, and the validator orders it against the other classes (the signalling map,
    /// memory reclaim, the reservation class, other <see cref="FenceLock"/> classes) across threads and time. FenceGuard's
    /// analyzers understand <c>using (x.Acquire())</c> as a lock of the class of <c>x</c>'s field or property, as they
    /// understand <c>lock (x)</c>. Not recursive. Give the instances of one field the same class name
    /// (<c>new FenceLock("Scheduler.Gate")</c>).
    /// </summary>
    /// <remarks>
    /// When validation is <see cref="FenceValidationMode.Off"/> an acquisition costs a <see cref="SemaphoreSlim"/> wait and
    /// one static read. The lock is a semaphore, not a monitor, so it may be released on another thread; the validator
    /// reports that (<see cref="FenceViolationKind.LockReleasedOnOtherThread"/>), since a lock held across an
    /// <c>await</c> is held for unbounded time.
    /// </remarks>
    public sealed class FenceLock
    {
        private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);
        private readonly int _class;
        private int _ownerThreadId;
        private long _generation;
        private HeldLocks? _ownerLocks;

        /// <summary>Creates a lock of the class <paramref name="className"/>.</summary>
        /// <exception cref="ArgumentException"><paramref name="className"/> is empty.</exception>
        public FenceLock(string className)
        {
            if (string.IsNullOrEmpty(className))
            {
                throw new ArgumentException("A lock class needs a name, e.g. \"Scheduler.Gate\".", nameof(className));
            }

            ClassName = className;
            _class = LockGraph.ClassOf(className);
        }

        /// <summary>The lock class: every instance with this name is one class for the validator.</summary>
        public string ClassName { get; }

        /// <summary>Whether the calling thread holds this lock.</summary>
        public bool IsHeldByCurrentThread => Volatile.Read(ref _ownerThreadId) == Environment.CurrentManagedThreadId;

        /// <summary>Takes the lock, blocking until it is free; dispose the result to release it.</summary>
        /// <exception cref="InvalidOperationException">The calling thread already holds this lock (it is not recursive).</exception>
        /// <exception cref="FenceDeadlockException">In <see cref="FenceValidationMode.Throw"/> mode, taking it would invert a known order (checked before blocking).</exception>
        public FenceLockScope Acquire()
        {
            if (IsHeldByCurrentThread)
            {
                throw new InvalidOperationException($"This thread already holds the FenceLock '{ClassName}'; FenceLocks are not recursive.");
            }

            HeldLocks.Acquire(_class, nestable: false);
            _semaphore.Wait();
            _ownerLocks = HeldLocks.Current;
            Volatile.Write(ref _ownerThreadId, Environment.CurrentManagedThreadId);
            return new FenceLockScope(this, ++_generation);
        }

        internal void Release(long generation)
        {
            if (generation != Volatile.Read(ref _generation) || Volatile.Read(ref _ownerThreadId) == 0)
            {
                throw new InvalidOperationException($"This FenceLockScope of '{ClassName}' was already released.");
            }

            int owner = _ownerThreadId;
            HeldLocks? ownerLocks = _ownerLocks;
            _generation++;
            _ownerLocks = null;
            Volatile.Write(ref _ownerThreadId, 0);
            _semaphore.Release();
            if (owner == Environment.CurrentManagedThreadId)
            {
                HeldLocks.Release(_class);
                return;
            }

            ownerLocks?.ReleaseFromOtherThread(_class);
            FenceValidation.Report(FenceViolationKind.LockReleasedOnOtherThread,
                $"The FenceLock '{ClassName}' was taken on thread {owner} and released on thread {Environment.CurrentManagedThreadId}: an await or a hand-off in between held it for unbounded time.",
                SectionStack.Innermost);
        }
    }
}
