using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Graph
{
    /// <summary>What one operation of a body does to the fence graph.</summary>
    internal enum FenceEventKind
    {
        /// <summary>Waits on or awaits <see cref="FenceEvent.Node"/>.</summary>
        Wait,

        /// <summary>Takes the lock class <see cref="FenceEvent.Node"/>.</summary>
        Acquire,

        /// <summary>Signals <see cref="FenceEvent.Node"/>.</summary>
        Signal,

        /// <summary>Calls <see cref="FenceEvent.Callee"/>, binding its parameters to <see cref="FenceEvent.Arguments"/>.</summary>
        Call,

        /// <summary>Registers a callback on <see cref="FenceEvent.Node"/>: a lambda body (<see cref="FenceEvent.CallbackBody"/>) or a method group (<see cref="FenceEvent.Callee"/>).</summary>
        Callback,

        /// <summary>Adds the fence <see cref="FenceEvent.Node"/> to the reservation object <see cref="FenceEvent.Container"/>.</summary>
        Publish,
    }

    /// <summary>One event of a body, in source order, with the lock classes held around it.</summary>
    internal sealed class FenceEvent
    {
        public FenceEvent(FenceEventKind kind, Location site, int position)
        {
            Kind = kind;
            Site = site;
            Position = position;
        }

        public FenceEventKind Kind { get; }

        public Location Site { get; }

        /// <summary>Source position, for ordering.</summary>
        public int Position { get; }

        public GraphNode? Node { get; set; }

        public GraphNode? Container { get; set; }

        public IMethodSymbol? Callee { get; set; }

        /// <summary>For calls: the caller's node for each of the callee's parameters (by ordinal), or null when none is a fence.</summary>
        public GraphNode?[]? Arguments { get; set; }

        /// <summary>For lambda callbacks: the index of the lambda's body.</summary>
        public int CallbackBody { get; set; } = -1;

        /// <summary>The lock classes held (structurally) around this event.</summary>
        public IReadOnlyList<GraphNode> Held { get; set; } = System.Array.Empty<GraphNode>();

        /// <summary>For acquisitions: whether the lock is taken inside a signalling section (FG0005 reports those cycles).</summary>
        public bool InSection { get; set; }
    }

    /// <summary>
    /// The fence events of one method: body 0 is the method's own body, the others are the bodies of the lambdas and
    /// anonymous methods written in it (which run later, when invoked or called back, so they are ordered on their own).
    /// </summary>
    internal sealed class FenceEvents
    {
        public static readonly FenceEvents Empty = new FenceEvents();

        public List<List<FenceEvent>> Bodies { get; } = new List<List<FenceEvent>> { new List<FenceEvent>() };

        public bool IsEmpty => Bodies.Count == 1 && Bodies[0].Count == 0;
    }
}
