using FenceGuard.Analyzers.Facts;
using FenceGuard.Analyzers.Operations;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>
    /// What an operation runs behind, for FG0010: a wait on an indefinite source before it (directly, or through a call
    /// whose callee waits on one), or a callback of one.
    /// </summary>
    internal sealed class Gate
    {
        public Gate(Location at, FenceSource? source, IMethodSymbol? waiter, GraphNode? waited, Location? waitSite)
        {
            At = at;
            Source = source;
            Waiter = waiter;
            Waited = waited;
            WaitSite = waitSite;
        }

        /// <summary>Where the gate is: the wait, the call, or the callback.</summary>
        public Location At { get; }

        /// <summary>A direct wait's or a callback's source; null for a gate through a call.</summary>
        public FenceSource? Source { get; }

        /// <summary>For a gate through a call: the callee that waits.</summary>
        public IMethodSymbol? Waiter { get; }

        /// <summary>For a gate through a call: what it waits on (a node of its summary, perhaps its parameter).</summary>
        public GraphNode? Waited { get; }

        /// <summary>For a gate through a call: where the callee's summary waits.</summary>
        public Location? WaitSite { get; }
    }
}
