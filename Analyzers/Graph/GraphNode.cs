using System;

namespace FenceGuard.Analyzers.Graph
{
    /// <summary>What a node of the fence dependency graph stands for.</summary>
    internal enum NodeKind
    {
        /// <summary>A bounded <c>Fence</c> (arrays and chains included).</summary>
        Fence,

        /// <summary>The fences added to a <c>ReservationObject</c>: waiting on the object waits on each of them.</summary>
        Reservation,

        /// <summary>An indefinite <c>UserFence</c>.</summary>
        UserFence,

        /// <summary>An indefinite <c>TaskCompletionSource</c> task.</summary>
        TaskSource,

        /// <summary>A lock class (lockdep's sense: one per field, one for every ReservationObject lock).</summary>
        Lock,
    }

    /// <summary>
    /// A node of the fence dependency graph: a fence identified by where it lives (field, property, static member,
    /// parameter, creation site, the fence a method returns), a reservation object, or a lock class. A parameter node
    /// only appears in summaries: call sites bind it to the argument's node.
    /// </summary>
    internal sealed class GraphNode : IEquatable<GraphNode>
    {
        public GraphNode(string key, string display, NodeKind kind, int parameterOrdinal = -1)
        {
            Key = key;
            Display = display;
            Kind = kind;
            ParameterOrdinal = parameterOrdinal;
        }

        /// <summary>Identity, e.g. "F:Ring._post", "L:Ring.cs:120", "lock:reservation", "param:0".</summary>
        public string Key { get; }

        /// <summary>How messages name it, e.g. "'Ring._post'".</summary>
        public string Display { get; }

        public NodeKind Kind { get; }

        /// <summary>The parameter this node stands for in its method's summary, or -1.</summary>
        public int ParameterOrdinal { get; }

        public bool IsParameter => ParameterOrdinal >= 0;

        /// <summary>User fences and TaskCompletionSource tasks: signalled when user code decides, not in bounded time.</summary>
        public bool IsIndefinite => Kind is NodeKind.UserFence or NodeKind.TaskSource;

        /// <summary>Kernel-style fences that must signal in bounded time.</summary>
        public bool IsBounded => Kind is NodeKind.Fence or NodeKind.Reservation;

        public bool Equals(GraphNode? other) => other is not null && string.Equals(Key, other.Key, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as GraphNode);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);

        public override string ToString() => Display;
    }
}
