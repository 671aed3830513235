using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FenceGuard.Analyzers.Facts;
using FenceGuard.Analyzers.Summaries;
using Microsoft.CodeAnalysis;
using QuikGraph;
using QuikGraph.Algorithms;

namespace FenceGuard.Analyzers.Graph
{
    /// <summary>
    /// The fence dependency graph of one compilation (QuikGraph): fences, reservation objects, user fences, task
    /// sources and lock classes as nodes; the concrete edges of every method's summary as edges. Built once, in time
    /// linear in the summaries; cycles come from strongly connected components and never from enumerating paths.
    /// </summary>
    internal sealed class FenceGraph
    {
        private readonly BidirectionalGraph<GraphNode, FenceEdge> _graph = new BidirectionalGraph<GraphNode, FenceEdge>(allowParallelEdges: false);
        private Dictionary<GraphNode, FenceEdge?>? _towardIndefinite;

        /// <summary>The graph of the given summaries' concrete edges; where two summaries give one edge, the one earliest in source order is kept.</summary>
        public static FenceGraph Build(IEnumerable<FenceSummary> summaries, CancellationToken cancellationToken) =>
            Build(summaries, System.Array.Empty<FenceEdge>(), cancellationToken);

        /// <summary>
        /// The same, joined by <paramref name="referenced"/>: the recorded graphs of referenced assemblies. Only their
        /// edges reachable from a node this compilation's own edges touch are added, so a library's graph costs nothing
        /// to a compilation that shares no fence or lock with it.
        /// </summary>
        public static FenceGraph Build(IEnumerable<FenceSummary> summaries, IEnumerable<FenceEdge> referenced, CancellationToken cancellationToken)
        {
            var edges = new Dictionary<string, FenceEdge>(System.StringComparer.Ordinal);
            foreach (FenceSummary summary in summaries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (FenceEdge edge in summary.Edges.Values)
                {
                    if (edge.IsConcrete && (!edges.TryGetValue(edge.Key, out FenceEdge? known) || SourceOrder.Compare(edge.Site, known.Site) < 0))
                    {
                        edges[edge.Key] = edge;
                    }
                }
            }

            AddReachable(edges, referenced, cancellationToken);
            var graph = new FenceGraph();
            foreach (FenceEdge edge in edges.Values.OrderBy(e => e.Site, SourceOrder))
            {
                graph._graph.AddVerticesAndEdge(edge);
            }

            return graph;
        }

        /// <summary>The referenced edges reachable from a node of <paramref name="edges"/> (breadth first, each once).</summary>
        private static void AddReachable(Dictionary<string, FenceEdge> edges, IEnumerable<FenceEdge> referenced, CancellationToken cancellationToken)
        {
            if (edges.Count == 0)
            {
                return; // nothing of this compilation's for them to join: not even read
            }

            Dictionary<string, List<FenceEdge>>? outOf = null;
            foreach (FenceEdge edge in referenced)
            {
                outOf ??= new Dictionary<string, List<FenceEdge>>(System.StringComparer.Ordinal);
                if (!outOf.TryGetValue(edge.From.Key, out List<FenceEdge>? list))
                {
                    outOf[edge.From.Key] = list = new List<FenceEdge>();
                }

                list.Add(edge);
            }

            if (outOf is null)
            {
                return;
            }

            var queue = new Queue<string>();
            var seen = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (FenceEdge edge in edges.Values)
            {
                foreach (string key in new[] { edge.From.Key, edge.To.Key })
                {
                    if (seen.Add(key))
                    {
                        queue.Enqueue(key);
                    }
                }
            }

            while (queue.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!outOf.TryGetValue(queue.Dequeue(), out List<FenceEdge>? next))
                {
                    continue;
                }

                foreach (FenceEdge edge in next)
                {
                    if (!edges.ContainsKey(edge.Key))
                    {
                        edges[edge.Key] = edge;
                    }

                    if (seen.Add(edge.To.Key))
                    {
                        queue.Enqueue(edge.To.Key);
                    }
                }
            }
        }

        /// <summary>Every edge of the graph, in source order of its site (this compilation's first).</summary>
        public IEnumerable<FenceEdge> Edges => _graph.Edges;

        /// <summary>One cycle per strongly connected component of two or more nodes, in source order of their first edge.</summary>
        public IReadOnlyList<FenceCycle> Cycles(CancellationToken cancellationToken)
        {
            var component = new Dictionary<GraphNode, int>();
            _graph.StronglyConnectedComponents(component);
            var members = component.GroupBy(p => p.Value).Where(g => g.Count() > 1);
            var cycles = new List<FenceCycle>();
            foreach (IGrouping<int, KeyValuePair<GraphNode, int>> group in members)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int id = group.Key;
                FenceEdge first = group
                    .SelectMany(p => _graph.OutEdges(p.Key))
                    .Where(e => component[e.To] == id)
                    .OrderBy(e => e.Site, SourceOrder)
                    .First();
                List<FenceEdge> back = ShortestPath(first.To, first.From, n => component[n] == id);
                var cycle = new List<FenceEdge> { first };
                cycle.AddRange(back);
                cycles.Add(new FenceCycle(cycle));
            }

            return cycles.OrderBy(c => c.Edges[0].Site, SourceOrder).ToList();
        }

        /// <summary>
        /// Whether <paramref name="node"/> depends, through any path, on an indefinite node (a user fence or a task
        /// source): then it is indefinite itself. <paramref name="path"/> is a shortest such dependency chain.
        /// </summary>
        public bool IsIndefinite(GraphNode node, out List<FenceEdge> path)
        {
            path = new List<FenceEdge>();
            _towardIndefinite ??= ReverseSearchFromIndefinite();
            if (!_towardIndefinite.ContainsKey(node))
            {
                return false;
            }

            for (GraphNode current = node; _towardIndefinite[current] is { } next && path.Count <= _towardIndefinite.Count; current = next.To)
            {
                path.Add(next);
            }

            return true;
        }

        /// <summary>Breadth first from every indefinite node along reversed edges: each reached node's first edge toward one.</summary>
        private Dictionary<GraphNode, FenceEdge?> ReverseSearchFromIndefinite()
        {
            var toward = new Dictionary<GraphNode, FenceEdge?>();
            var queue = new Queue<GraphNode>();
            foreach (GraphNode node in _graph.Vertices.Where(v => v.IsIndefinite))
            {
                toward[node] = null;
                queue.Enqueue(node);
            }

            while (queue.Count > 0)
            {
                GraphNode node = queue.Dequeue();
                foreach (FenceEdge edge in _graph.InEdges(node))
                {
                    if (!toward.ContainsKey(edge.From))
                    {
                        toward[edge.From] = edge;
                        queue.Enqueue(edge.From);
                    }
                }
            }

            return toward;
        }

        private List<FenceEdge> ShortestPath(GraphNode from, GraphNode to, System.Func<GraphNode, bool> inside)
        {
            var previous = new Dictionary<GraphNode, FenceEdge?> { [from] = null };
            var queue = new Queue<GraphNode>();
            queue.Enqueue(from);
            while (queue.Count > 0 && !previous.ContainsKey(to))
            {
                GraphNode node = queue.Dequeue();
                foreach (FenceEdge edge in _graph.OutEdges(node).OrderBy(e => e.Site, SourceOrder))
                {
                    if (inside(edge.To) && !previous.ContainsKey(edge.To))
                    {
                        previous[edge.To] = edge;
                        queue.Enqueue(edge.To);
                    }
                }
            }

            var path = new List<FenceEdge>();
            for (GraphNode current = to; previous.TryGetValue(current, out FenceEdge? edge) && edge is not null; current = edge.From)
            {
                path.Add(edge);
            }

            path.Reverse();
            return path;
        }

        /// <summary>
        /// File path, then position: the order reports follow. This compilation's code comes before another assembly's
        /// (a recorded summary's external locations): a report must be made in the compilation, at its own code.
        /// </summary>
        public static readonly IComparer<Location> SourceOrder = Comparer<Location>.Create((a, b) =>
        {
            if (a.IsInSource != b.IsInSource)
            {
                return a.IsInSource ? -1 : 1;
            }

            int byPath = string.CompareOrdinal(a.IsInSource ? a.SourceTree?.FilePath : a.GetLineSpan().Path, b.IsInSource ? b.SourceTree?.FilePath : b.GetLineSpan().Path);
            return byPath != 0 ? byPath : a.SourceSpan.Start.CompareTo(b.SourceSpan.Start);
        });
    }
}
