using System;
using System.Threading;

namespace FenceGuard.Internal
{
    /// <summary>Where a signalling section was opened: a source position, or the fence whose callback runs in it.</summary>
    internal struct SectionFrame
    {
        internal long Generation;
        internal string? File;
        internal int Line;
        internal string? Member;
        internal Fence? CallbackOf;

        public override readonly string ToString()
        {
            if (CallbackOf is not null)
            {
                return "the callback of fence " + CallbackOf.ToString();
            }

            if (File is null)
            {
                return "an unknown site";
            }

            return Member is null ? $"{File}:{Line}" : $"{Member} ({File}:{Line})";
        }
    }

    /// <summary>
    /// The signalling sections open on one thread (the kernel's per-task lockdep state for
    /// <c>dma_fence_begin_signalling</c>). Allocated once per thread on its first section; after that opening and
    /// closing a section allocates nothing.
    /// </summary>
    internal sealed class SectionStack
    {
        [ThreadStatic]
        private static SectionStack? t_current;

        // Written by the owning thread; a section ended on another thread closes it with a compare-and-swap.
        private int _depth;
        private SectionFrame[] _frames = new SectionFrame[8];
        private long _nextGeneration;

        /// <summary>The thread's held-lock stack, for a section ended on another thread (its map hold is cleared there).</summary>
        internal HeldLocks? Held;

        internal static bool IsInSection
        {
            get
            {
                SectionStack? current = t_current;
                return current is not null && Volatile.Read(ref current._depth) > 0;
            }
        }

        /// <summary>The innermost open section of this thread, if any (for messages).</summary>
        internal static SectionFrame? Innermost
        {
            get
            {
                SectionStack? current = t_current;
                int depth = current is null ? 0 : Volatile.Read(ref current._depth);
                return depth > 0 ? current!._frames[depth - 1] : null;
            }
        }

        internal static SignallingSection Begin(string? file, int line, string? member, Fence? callbackOf)
        {
            HeldLocks.Acquire(LockGraph.Signalling, nestable: true); // the section holds the signalling map (checked before it opens)
            SectionStack stack = t_current ??= new SectionStack();
            stack.Held = HeldLocks.Current;
            int index = Volatile.Read(ref stack._depth);
            if (index == stack._frames.Length)
            {
                Array.Resize(ref stack._frames, index * 2);
            }

            long generation = ++stack._nextGeneration;
            ref SectionFrame frame = ref stack._frames[index];
            frame.Generation = generation;
            frame.File = file;
            frame.Line = line;
            frame.Member = member;
            frame.CallbackOf = callbackOf;
            Volatile.Write(ref stack._depth, index + 1);
            return new SignallingSection(stack, index, generation);
        }

        internal static void End(SignallingSection section)
        {
            SectionStack? owner = section.Owner;
            if (owner is null)
            {
                FenceValidation.Report(FenceViolationKind.UnbalancedEnd,
                    "EndSignalling was called with a SignallingSection that no BeginSignalling returned (a default value).", null);
                return;
            }

            int index = section.Index;
            SectionStack? current = t_current;
            if (!ReferenceEquals(owner, current))
            {
                SectionFrame opened = owner._frames[index];
                // Close it where it was opened, if it is still the innermost section there, so that thread is not
                // left "in a section" forever. Nothing else can be repaired from here.
                Interlocked.CompareExchange(ref owner._depth, index, index + 1);
                owner.Held?.ReleaseFromOtherThread(LockGraph.Signalling);
                FenceValidation.Report(FenceViolationKind.EndedOnOtherThread,
                    "A signalling section was ended on a different thread than the one that began it (an await or a hand-off left it open); sections are per-thread.",
                    opened);
                return;
            }

            int depth = Volatile.Read(ref owner._depth);
            if (depth <= index || owner._frames[index].Generation != section.Generation)
            {
                FenceValidation.Report(FenceViolationKind.UnbalancedEnd,
                    "EndSignalling was called for a signalling section that is not open (ended twice, or a copy was ended).", null);
                return;
            }

            SectionFrame frame = owner._frames[index];
            Volatile.Write(ref owner._depth, index);
            for (int popped = index; popped < depth; popped++)
            {
                HeldLocks.Release(LockGraph.Signalling);
            }

            // Popped frames must not keep the fence whose callback ran alive until the thread's next section.
            for (int popped = index; popped < depth; popped++)
            {
                owner._frames[popped].CallbackOf = null;
            }

            if (depth != index + 1)
            {
                FenceValidation.Report(FenceViolationKind.UnbalancedEnd,
                    $"A signalling section was ended while {depth - index - 1} section(s) opened inside it were still open; they were closed with it.",
                    frame);
            }
        }
    }
}
