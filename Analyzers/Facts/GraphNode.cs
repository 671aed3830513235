using System;
using FenceGuard.Analyzers.Operations;

namespace FenceGuard.Analyzers.Facts
{
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

        private GraphNode(LockClass lockClass)
            : this("lock:" + lockClass.Key, lockClass.Display, NodeKind.Lock)
        {
            Lock = lockClass;
        }

        /// <summary>The node of a lock class; its identity is the class's.</summary>
        public static GraphNode ForLock(LockClass lockClass) => new GraphNode(lockClass);

        /// <summary>The lock class a <see cref="NodeKind.Lock"/> node stands for; null for every other kind.</summary>
        public LockClass? Lock { get; }

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
