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
        private Location? _site;

        public ReservationPass(IMethodSymbol callee, int ordinal, AccessPath argument, SyntaxNode argumentSyntax, SyntaxNode call, Region region)
        {
            Callee = callee;
            Ordinal = ordinal;
            Argument = argument;
            ArgumentSyntax = argumentSyntax;
            Call = call;
            Section = region.Section;
            Function = region.Function;
        }

        public IMethodSymbol Callee { get; }

        /// <summary>The callee's parameter the argument is for.</summary>
        public int Ordinal { get; }

        public AccessPath Argument { get; }

        /// <summary>The argument as written (its text is made for messages only).</summary>
        public SyntaxNode ArgumentSyntax { get; }

        public string ArgumentText => ArgumentSyntax.ToString();

        /// <summary>The call.</summary>
        public SyntaxNode Call { get; }

        /// <summary>Where messages point; made only when one is reported.</summary>
        public Location Site => _site ??= Sites.Of(Call);

        /// <summary>Where the call starts: a reservation counts when it ends before.</summary>
        public int Position => Call.SpanStart;

        public SectionInfo? Section { get; }

        public int Function { get; }
    }
}
