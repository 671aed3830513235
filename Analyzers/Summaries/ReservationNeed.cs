using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>
    /// A <c>[SignallingPath]</c> method adds a fence to an object reached from one of its parameters (the parameter
    /// itself, or <c>job.Resv</c>), itself or through a <c>[SignallingPath]</c> callee it passes the parameter to: nothing
    /// of its body runs before its section, so every caller must have reserved a slot on that object first.
    /// </summary>
    internal sealed class ReservationNeed
    {
        public ReservationNeed(int ordinal, ImmutableArray<ISymbol> members, string parameterName, Location addFence)
        {
            Ordinal = ordinal;
            Members = members;
            ParameterName = parameterName;
            AddFence = addFence;
        }

        /// <summary>The parameter the object is reached from.</summary>
        public int Ordinal { get; }

        /// <summary>The fields and properties read from the parameter to reach the object (empty: the parameter itself).</summary>
        public ImmutableArray<ISymbol> Members { get; }

        public string ParameterName { get; }

        /// <summary>The <c>AddFence</c> that needs the slot.</summary>
        public Location AddFence { get; }
    }
}
