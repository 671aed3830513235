using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace FenceGuard.Tool.Graph
{
    /// <summary>
    /// The fence graph of one project as the analyzers exported it (FG9003; the format is the analyzers' GraphExport):
    /// its nodes, edges and reported cycles, ready to draw.
    /// </summary>
    internal sealed class GraphModel
    {
        public GraphModel(string project, IReadOnlyList<GraphNodeModel> nodes, IReadOnlyList<GraphEdgeModel> edges, IReadOnlyList<GraphCycleModel> cycles)
        {
            Project = project;
            Nodes = nodes;
            Edges = edges;
            Cycles = cycles;
        }

        public string Project { get; }

        public IReadOnlyList<GraphNodeModel> Nodes { get; }

        public IReadOnlyList<GraphEdgeModel> Edges { get; }

        public IReadOnlyList<GraphCycleModel> Cycles { get; }

        public bool IsEmpty => Nodes.Count == 0;

        /// <summary>Parses the exported text; unknown lines are skipped (a newer analyzer may add some).</summary>
        public static GraphModel Parse(string project, string text)
        {
            var nodes = new List<GraphNodeModel>();
            var edges = new List<GraphEdgeModel>();
            var cycles = new List<GraphCycleModel>();
            foreach (string line in text.Split('\n'))
            {
                string[] f = line.TrimEnd('\r').Split('\t').Select(FenceGuard.Analyzers.Summaries.FieldText.Unescape).ToArray();
                switch (f[0])
                {
                    case "node" when f.Length >= 5:
                        nodes.Add(new GraphNodeModel(f[2], f[3], f[1], f[4].Length == 0 ? Array.Empty<string>() : f[4].Split(',')));
                        break;
                    case "edge" when f.Length >= 7 && int.TryParse(f[5], NumberStyles.Integer, CultureInfo.InvariantCulture, out int line1):
                        edges.Add(new GraphEdgeModel(f[2], f[3], f[1], f[4], line1, f[6]));
                        break;
                    case "cycle" when f.Length >= 3:
                        var around = new List<int>();
                        foreach (string index in f.Skip(2))
                        {
                            if (int.TryParse(index, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) && i >= 0 && i < edges.Count)
                            {
                                around.Add(i);
                            }
                        }

                        cycles.Add(new GraphCycleModel(f[1], around));
                        break;
                }
            }

            return new GraphModel(project, nodes, edges, cycles);
        }

        /// <summary>
        /// What a readable picture shows: every weakly connected component that holds a node with a finding, and only
        /// those (their neighbours come with them); the whole graph with <paramref name="all"/>.
        /// </summary>
        public GraphModel Relevant(bool all)
        {
            if (all)
            {
                return this;
            }

            var component = new Dictionary<string, string>(StringComparer.Ordinal);
            string Find(string key)
            {
                while (component.TryGetValue(key, out string? parent) && parent != key)
                {
                    key = parent;
                }

                return key;
            }

            foreach (GraphNodeModel node in Nodes)
            {
                component[node.Key] = node.Key;
            }

            foreach (GraphEdgeModel edge in Edges)
            {
                string a = Find(edge.From), b = Find(edge.To);
                if (a != b)
                {
                    component[a] = b;
                }
            }

            var keep = new HashSet<string>(Nodes.Where(n => n.Rules.Count > 0).Select(n => Find(n.Key)), StringComparer.Ordinal);
            var nodes = Nodes.Where(n => keep.Contains(Find(n.Key))).ToList();
            var kept = new HashSet<string>(nodes.Select(n => n.Key), StringComparer.Ordinal);
            var remap = new Dictionary<int, int>();
            var edges = new List<GraphEdgeModel>();
            for (int i = 0; i < Edges.Count; i++)
            {
                if (kept.Contains(Edges[i].From))
                {
                    remap[i] = edges.Count;
                    edges.Add(Edges[i]);
                }
            }

            var cycles = Cycles.Select(c => new GraphCycleModel(c.RuleId, c.Edges.Where(remap.ContainsKey).Select(i => remap[i]).ToList())).ToList();
            return new GraphModel(Project, nodes, edges, cycles);
        }
    }
}
