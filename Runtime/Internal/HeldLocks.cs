using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace FenceGuard.Internal
{
    /// <summary>
    /// The lock classes one thread holds, innermost last (lockdep's per-task held-lock stack): the signalling map while a
    /// section is open, reservation locks, <see cref="FenceLock"/>s. Each acquisition checks the orderings it makes with
    /// every class held against <see cref="LockGraph"/>; a known ordering costs one lock-free lookup, so after an edge's
    /// first sighting nothing is allocated. Nothing is allocated or checked at all when validation is off.
    /// </summary>
    internal sealed class HeldLocks
    {
        [ThreadStatic]
        private static HeldLocks? t_current;

        private int[] _classes = new int[8];
        private int _depth;

        /// <summary>Takes <paramref name="lockClass"/>: checks its orderings, then holds it until <see cref="Release"/>.</summary>
        /// <param name="lockClass">The class taken.</param>
        /// <param name="nestable">Whether holding two of the class at once is legal (sections nest; reservation locks nest, see docs/runtime.md).</param>
        internal static void Acquire(int lockClass, bool nestable)
        {
            if (FenceValidation.IsOff)
            {
                return;
            }

            HeldLocks held = t_current ??= new HeldLocks();
            held.Check(lockClass, nestable);
            if (held._depth == held._classes.Length)
            {
                Array.Resize(ref held._classes, held._depth * 2);
            }

            held._classes[held._depth++] = lockClass;
        }

        /// <summary>Takes <paramref name="lockClass"/> and releases it at once (a wait takes the signalling map; an allocation, reclaim).</summary>
        internal static void Touch(int lockClass)
        {
            if (FenceValidation.IsOff || t_current is not { _depth: > 0 } held)
            {
                return;
            }

            held.Check(lockClass, nestable: true);
        }

        /// <summary>Releases the innermost hold of <paramref name="lockClass"/> by this thread, if any (taken while validation was off: none).</summary>
        internal static void Release(int lockClass)
        {
            if (t_current is not { _depth: > 0 } held)
            {
                return;
            }

            for (int i = held._depth - 1; i >= 0; i--)
            {
                if (held._classes[i] == lockClass)
                {
                    Array.Copy(held._classes, i + 1, held._classes, i, held._depth - i - 1);
                    held._depth--;
                    return;
                }
            }
        }

        /// <summary>This thread's stack, for a lock that may be released on another thread (<see cref="FenceLock"/>).</summary>
        internal static HeldLocks? Current => t_current;

        /// <summary>
        /// Releases a hold of <paramref name="lockClass"/> from another thread than this stack's (a lock released after an
        /// await resumed elsewhere): the slot is cleared with a compare-and-swap, never moved, so the owning thread's own
        /// pushes and pops stay consistent; a cleared slot is skipped.
        /// </summary>
        internal void ReleaseFromOtherThread(int lockClass)
        {
            int depth = Volatile.Read(ref _depth);
            int[] classes = _classes;
            for (int i = Math.Min(depth, classes.Length) - 1; i >= 0; i--)
            {
                if (Interlocked.CompareExchange(ref classes[i], 0, lockClass) == lockClass)
                {
                    return;
                }
            }
        }

        private void Check(int acquired, bool nestable)
        {
            for (int i = 0; i < _depth; i++)
            {
                int held = _classes[i];
                if (held == 0)
                {
                    continue; // released from another thread
                }

                if (held == acquired)
                {
                    if (!nestable)
                    {
                        FenceValidation.Report(FenceViolationKind.RecursiveLockAcquisition,
                            $"{LockGraph.NameOf(acquired)} is taken while this thread already holds a lock of the same class: two instances of one class taken in either order on two threads deadlock, and lockdep cannot tell them apart.",
                            SectionStack.Innermost);
                    }

                    continue;
                }

                if (!LockGraph.IsKnown(held, acquired) &&
                    LockGraph.Add(held, acquired, $"on thread {Environment.CurrentManagedThreadId} at:{Environment.NewLine}{CallerStack()}") is { } cycle)
                {
                    ReportCycle(held, acquired, cycle);
                }
            }
        }

        /// <summary>The stack of the code that took the lock or waited: the runtime's own frames are left out.</summary>
        private static string CallerStack()
        {
            var text = new System.Text.StringBuilder();
            foreach (StackFrame frame in new StackTrace(1, true).GetFrames() ?? Array.Empty<StackFrame>())
            {
                if (frame.GetMethod() is not { } method || method.DeclaringType?.Assembly == typeof(HeldLocks).Assembly)
                {
                    continue;
                }

                text.Append("   at ").Append(method.DeclaringType?.FullName).Append('.').Append(method.Name);
                if (frame.GetFileName() is { } file)
                {
                    text.Append(" in ").Append(file).Append(":line ").Append(frame.GetFileLineNumber());
                }

                text.Append(Environment.NewLine);
            }

            return text.ToString();
        }

        private static void ReportCycle(int held, int acquired, List<LockEdge> cycle)
        {
            var chain = new List<string>(cycle.Count);
            foreach (LockEdge edge in cycle)
            {
                chain.Add(LockGraph.Describe(edge));
            }

            FenceValidation.Report(FenceViolationKind.LockOrderInversion,
                $"{LockGraph.NameOf(acquired)} is taken while holding {LockGraph.NameOf(held)}, and the opposite order is known: " +
                string.Join(" → ", CycleNames(cycle)) + ". Two threads running the two orders can deadlock, whether or not they ever ran at the same time.",
                SectionStack.Innermost, chain);
        }

        private static IEnumerable<string> CycleNames(List<LockEdge> cycle)
        {
            yield return LockGraph.NameOf(cycle[0].Held);
            foreach (LockEdge edge in cycle)
            {
                yield return LockGraph.NameOf(edge.Acquired);
            }
        }
    }
}
