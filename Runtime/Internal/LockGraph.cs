using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace FenceGuard.Internal
{
    /// <summary>
    /// The validator's lock-class graph, lockdep's: every ordering "class A held while class B is acquired" seen on any
    /// thread, at any time, is an edge A → B, recorded the first time it is seen with the stack that first showed it. An
    /// edge that closes a cycle is a possible deadlock, whether or not the two orders ever raced. Reading whether an edge
    /// is known takes no lock and allocates nothing; only a new edge takes the graph's lock, captures its stack and searches
    /// for a cycle (breadth first, from the new edge's target back to its source).
    /// </summary>
    internal static class LockGraph
    {
        /// <summary>The signalling map (the kernel's <c>dma_fence_lockdep_map</c>): held by every open section, taken for a moment by every wait.</summary>
        internal const int Signalling = 1;

        /// <summary>Memory reclaim (the kernel's <c>fs_reclaim</c>): taken for a moment by every allocation the runtime may make.</summary>
        internal const int Reclaim = 2;

        /// <summary>Every <see cref="ReservationObject"/> lock (the kernel's <c>reservation_ww_class</c>).</summary>
        internal const int Reservation = 3;

        private static readonly object Gate = new object();
        private static readonly ConcurrentDictionary<long, LockEdge> Edges = new ConcurrentDictionary<long, LockEdge>();
        private static readonly Dictionary<int, List<LockEdge>> OutOf = new Dictionary<int, List<LockEdge>>();
        private static readonly ConcurrentDictionary<string, int> ByName = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        private static readonly List<string> Names = new List<string> { "", "the signalling map (every signalling section, and every fence wait)", "memory reclaim", "the reservation lock class (every ReservationObject)" };

        static LockGraph() => PrimeLegalOrders();

        private static void PrimeLegalOrders()
        {
            // The legal orders, primed as the kernel's dma_resv_lockdep() does at boot: a reservation lock may be held while
            // allocating (reclaim), and reclaim may wait on fences. So one wrong order anywhere (a section that takes a
            // reservation lock, or allocates) closes a cycle at once, without the other order ever having run.
            Prime(Reservation, Reclaim);
            Prime(Reclaim, Signalling);
            Prime(Reservation, Signalling);
        }

        /// <summary>Forgets the orders learned at run time; the primed ones are kept (<see cref="FenceValidation.ForgetLockOrders"/>).</summary>
        internal static void Forget()
        {
            lock (Gate)
            {
                Edges.Clear();
                OutOf.Clear();
                PrimeLegalOrders();
            }
        }

        /// <summary>The class of a user lock by name (<see cref="FenceLock"/>): one per name, whatever the instance.</summary>
        internal static int ClassOf(string name) =>
            ByName.GetOrAdd(name, n =>
            {
                lock (Gate)
                {
                    Names.Add($"'{n}'");
                    return Names.Count - 1;
                }
            });

        internal static string NameOf(int lockClass)
        {
            lock (Gate)
            {
                return lockClass > 0 && lockClass < Names.Count ? Names[lockClass] : "an unknown lock class";
            }
        }

        /// <summary>Whether the ordering <paramref name="held"/> → <paramref name="acquired"/> is known (no lock, no allocation).</summary>
        internal static bool IsKnown(int held, int acquired) => Edges.ContainsKey(Key(held, acquired));

        /// <summary>
        /// Records the ordering the first time it is seen, with <paramref name="firstSeen"/>; returns the cycle it closes
        /// (the new edge first, then the path back), or null. Another thread recording the same edge first wins.
        /// </summary>
        internal static List<LockEdge>? Add(int held, int acquired, string firstSeen)
        {
            lock (Gate)
            {
                if (Edges.ContainsKey(Key(held, acquired)))
                {
                    return null;
                }

                var edge = new LockEdge(held, acquired, firstSeen);
                List<LockEdge>? back = PathBetween(acquired, held);
                Link(edge);
                if (back is null)
                {
                    return null;
                }

                back.Insert(0, edge);
                return back;
            }
        }

        /// <summary>How a report names one edge: "'A' → 'B', first seen at: …".</summary>
        internal static string Describe(LockEdge edge) => $"{NameOf(edge.Held)} → {NameOf(edge.Acquired)}, first seen {edge.FirstSeen}";

        private static void Prime(int held, int acquired) => Link(new LockEdge(held, acquired, "primed: the legal order, as the kernel's dma_resv_lockdep() sets it at boot"));

        private static void Link(LockEdge edge)
        {
            Edges[Key(edge.Held, edge.Acquired)] = edge;
            if (!OutOf.TryGetValue(edge.Held, out List<LockEdge>? list))
            {
                OutOf[edge.Held] = list = new List<LockEdge>();
            }

            list.Add(edge);
        }

        /// <summary>A shortest path of known edges from <paramref name="from"/> to <paramref name="to"/> (under <see cref="Gate"/>), or null.</summary>
        private static List<LockEdge>? PathBetween(int from, int to)
        {
            var previous = new Dictionary<int, LockEdge?> { [from] = null };
            var queue = new Queue<int>();
            queue.Enqueue(from);
            while (queue.Count > 0)
            {
                int node = queue.Dequeue();
                if (node == to)
                {
                    var path = new List<LockEdge>();
                    for (int current = to; previous[current] is { } edge; current = edge.Held)
                    {
                        path.Add(edge);
                    }

                    path.Reverse();
                    return path;
                }

                if (OutOf.TryGetValue(node, out List<LockEdge>? next))
                {
                    foreach (LockEdge edge in next)
                    {
                        if (!previous.ContainsKey(edge.Acquired))
                        {
                            previous[edge.Acquired] = edge;
                            queue.Enqueue(edge.Acquired);
                        }
                    }
                }
            }

            return null;
        }

        private static long Key(int held, int acquired) => ((long)held << 32) | (uint)acquired;
    }
}
