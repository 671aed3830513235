using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Regions;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Facts
{
    /// <summary>A <c>ReserveSlots</c> or <c>AddFence</c> call on a reservation object (FG0008's facts), with the object's access path.</summary>
    internal sealed class ReservationUse
    {
        public ReservationUse(bool reserves, AccessPath? target, string targetText, Location site, int end, Region region)
        {
            Reserves = reserves;
            Target = target;
            TargetText = targetText;
            Site = site;
            End = end;
            Section = region.Section;
            Function = region.Function;
        }

        /// <summary>True for <c>ReserveSlots</c>, false for <c>AddFence</c>.</summary>
        public bool Reserves { get; }

        /// <summary>The reservation object, by <see cref="AccessPath"/>; null when the expression names none.</summary>
        public AccessPath? Target { get; }

        /// <summary>The object as written, for messages.</summary>
        public string TargetText { get; }

        public Location Site { get; }

        /// <summary>Where the call ends in the source: a reservation counts for the sections that open after it.</summary>
        public int End { get; }

        public SectionInfo? Section { get; }

        public int Function { get; }
    }
}
