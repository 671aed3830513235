using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Regions;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Facts
{
    /// <summary>
    /// A call to a <c>[SignallingPath]</c> method, one argument with an access path: where FG0008 checks that the caller
    /// reserved the slots the callee fills (<c>resv.AddFence</c> on its parameter needs a <c>ReserveSlots</c> here first).
    /// Recorded by every body, whether or not it matters.
    /// </summary>
    internal sealed class ReservationPass
    {
        public ReservationPass(IMethodSymbol callee, int ordinal, AccessPath argument, string argumentText, Location site, int position, Region region)
        {
            Callee = callee;
            Ordinal = ordinal;
            Argument = argument;
            ArgumentText = argumentText;
            Site = site;
            Position = position;
            Section = region.Section;
            Function = region.Function;
        }

        public IMethodSymbol Callee { get; }

        /// <summary>The callee's parameter the argument is for.</summary>
        public int Ordinal { get; }

        public AccessPath Argument { get; }

        /// <summary>The argument as written, for messages.</summary>
        public string ArgumentText { get; }

        public Location Site { get; }

        /// <summary>Where the call starts: a reservation counts when it ends before.</summary>
        public int Position { get; }

        public SectionInfo? Section { get; }

        public int Function { get; }
    }
}
