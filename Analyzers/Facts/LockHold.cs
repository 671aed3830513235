using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Regions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FenceGuard.Analyzers.Facts
{
    /// <summary>One lock acquisition of a body: the class, where, in which section, and the span it is held over.</summary>
    internal sealed class LockHold
    {
        public LockHold(LockAcquisition acquisition, Region region)
        {
            Class = acquisition.Class;
            Site = acquisition.Site;
            Construct = acquisition.Construct;
            HeldSpan = acquisition.HeldSpan;
            Section = region.Section;
            Function = region.Function;
        }

        public LockClass Class { get; }

        public Location Site { get; }

        /// <summary>How messages name it, e.g. "'lock (_gate)'".</summary>
        public string Construct { get; }

        /// <summary>The source span of what runs while it is held (in the same function).</summary>
        public TextSpan HeldSpan { get; }

        /// <summary>The signalling section it is taken in, or null.</summary>
        public SectionInfo? Section { get; }

        public int Function { get; }

        /// <summary>Whether <paramref name="step"/> runs while this lock is held (in its function, inside its held span).</summary>
        public bool Holds(Step step) => step.Function == Function && HeldSpan.Contains(step.Syntax.Span);
    }
}
