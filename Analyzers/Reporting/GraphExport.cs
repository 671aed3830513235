using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using FenceGuard.Analyzers.Facts;
using FenceGuard.Analyzers.Graph;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Summaries;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Reporting
{
    /// <summary>
    /// The compilation's fence graph as a picture needs it (FG9003, for the <c>fenceguard graph</c> tool): every node with
    /// its kind and the rules reported on it, every edge with why and where, and each reported cycle and lock inversion.
    /// An FG0005 inversion is drawn as lockdep sees it, through the signalling map: the map → the lock where a section
    /// takes it, the lock → the map where it is held while waiting. Lines of tab-separated fields (<see cref="FieldWriter"/>):
    /// <code>
    /// fenceguard-graph  1
    /// node   Fence|Reservation|UserFence|TaskSource|Lock|SignallingMap  {key}  {display}  {rule IDs, comma-separated}
    /// edge   WaitsOn|CallbackOf|TakesLock|HeldWhileWaiting|Holds|TakenInSection  {from key}  {to key}  {file}  {line}  {why}
    /// cycle  FG0020|FG0021|FG0005  {edge numbers, from 0, in order around the cycle}
    /// </code>
    /// </summary>
    internal static class GraphExport
    {
        public const int Version = 1;

        /// <summary>The key of the synthetic node that stands for every signalling section (lockdep's map).</summary>
        public const string SignallingMapKey = "map:signalling";

        /// <summary>The record, and how many nodes and edges it holds (FG9003's message).</summary>
        public static (string Text, int Nodes, int Edges) Write(
            FenceGraph graph,
            IReadOnlyList<(string RuleId, FenceCycle Cycle)> cycles,
            IReadOnlyList<(LockClass Class, Location Taken, Location Holder, string While)> inversions,
            IReadOnlyList<(GraphNode Node, Location Site)> published,
            CancellationToken cancellationToken)
        {
            var nodes = new Dictionary<string, (string Kind, string Display, SortedSet<string> Rules)>(System.StringComparer.Ordinal);
            var edges = new List<(string Kind, string From, string To, Location Site, string Why)>();
            var edgeIndex = new Dictionary<string, int>(System.StringComparer.Ordinal);

            void Node(GraphNode node) => Mark(node.Key, node.Kind.ToString(), node.Display, null);

            void Mark(string key, string kind, string display, string? rule)
            {
                if (!nodes.TryGetValue(key, out var entry))
                {
                    nodes[key] = entry = (kind, display, new SortedSet<string>(System.StringComparer.Ordinal));
                }

                if (rule is not null)
                {
                    entry.Rules.Add(rule);
                }
            }

            foreach (FenceEdge edge in graph.Edges)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Node(edge.From);
                Node(edge.To);
                edgeIndex[edge.Key] = edges.Count;
                edges.Add((edge.Kind.ToString(), edge.From.Key, edge.To.Key, edge.Site, GraphText.Describe(edge)));
            }

            var cycleLines = new List<(string RuleId, List<int> Edges)>();
            foreach ((string rule, FenceCycle cycle) in cycles)
            {
                var around = new List<int>();
                foreach (FenceEdge edge in cycle.Edges)
                {
                    Mark(edge.From.Key, edge.From.Kind.ToString(), edge.From.Display, rule);
                    if (edgeIndex.TryGetValue(edge.Key, out int index))
                    {
                        around.Add(index);
                    }
                }

                cycleLines.Add((rule, around));
            }

            foreach ((LockClass lockClass, Location taken, Location holder, string waits) in inversions)
            {
                GraphNode lockNode = GraphNode.ForLock(lockClass);
                Mark(SignallingMapKey, "SignallingMap", "the signalling map (every signalling section)", "FG0005");
                Mark(lockNode.Key, lockNode.Kind.ToString(), lockNode.Display, "FG0005");
                int into = edges.Count;
                edges.Add(("TakenInSection", SignallingMapKey, lockNode.Key, taken, $"{lockNode.Display} is taken inside a signalling section"));
                edges.Add(("HeldWhileWaiting", lockNode.Key, SignallingMapKey, holder, $"{lockNode.Display} is held elsewhere while waiting: {waits}"));
                cycleLines.Add(("FG0005", new List<int> { into, into + 1 }));
            }

            foreach ((GraphNode node, Location _) in published)
            {
                Mark(node.Key, node.Kind.ToString(), node.Display, "FG0011");
            }

            foreach (KeyValuePair<string, (string Kind, string Display, SortedSet<string> Rules)> node in nodes)
            {
                if (node.Value.Kind == nameof(NodeKind.Fence) && graph.IsIndefinite(new GraphNode(node.Key, node.Value.Display, NodeKind.Fence), out _))
                {
                    node.Value.Rules.Add("FG0010"); // a bounded fence that depends on an indefinite one
                }
            }

            var text = new FieldWriter(new StringBuilder());
            text.Field("fenceguard-graph").Field(Version).End();
            foreach (KeyValuePair<string, (string Kind, string Display, SortedSet<string> Rules)> node in nodes.OrderBy(n => n.Key, System.StringComparer.Ordinal))
            {
                text.Field("node").Field(node.Value.Kind).Field(node.Key).Field(node.Value.Display).Field(string.Join(",", node.Value.Rules)).End();
            }

            foreach ((string kind, string from, string to, Location site, string why) in edges)
            {
                FileLinePositionSpan span = site.GetLineSpan();
                text.Field("edge").Field(kind).Field(from).Field(to).Field(span.Path ?? string.Empty).Field(span.StartLinePosition.Line + 1).Field(why).End();
            }

            foreach ((string rule, List<int> around) in cycleLines)
            {
                text.Field("cycle").Field(rule);
                foreach (int index in around)
                {
                    text.Field(index);
                }

                text.End();
            }

            return (text.ToString(), nodes.Count, edges.Count);
        }
    }
}
