using System.Collections.Generic;
using System.Linq;
using System.Text;
using FenceGuard.Tool.Graph;

namespace FenceGuard.Tool.Rendering
{
    /// <summary>Graphviz DOT text for one or more project graphs: one cluster per project, cycles and inversions in red.</summary>
    internal static class DotWriter
    {
        public static string Write(IReadOnlyList<GraphModel> graphs)
        {
            var text = new StringBuilder();
            text.AppendLine("digraph fenceguard {");
            int cycles = graphs.Sum(g => g.Cycles.Count);
            string title = $"FenceGuard fence graph: {string.Join(", ", graphs.Select(g => g.Project))} ({cycles} cycle{(cycles == 1 ? "" : "s")} and inversions, in red)";
            text.AppendLine($"  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=11, labelloc=t, labeljust=l, nodesep=0.5, ranksep=0.9, label={Quote(title)}];");
            text.AppendLine("  node [fontname=\"Helvetica\", fontsize=11];");
            text.AppendLine("  edge [fontname=\"Helvetica\", fontsize=9, color=\"#616161\"];");
            for (int g = 0; g < graphs.Count; g++)
            {
                GraphModel graph = graphs[g];
                string prefix = graphs.Count > 1 ? $"p{g}_" : "";
                if (graphs.Count > 1)
                {
                    text.AppendLine($"  subgraph cluster_{g} {{");
                    text.AppendLine($"    label={Quote(graph.Project)};");
                }

                var ids = new Dictionary<string, string>();
                for (int i = 0; i < graph.Nodes.Count; i++)
                {
                    GraphNodeModel node = graph.Nodes[i];
                    string id = ids[node.Key] = $"{prefix}n{i}";
                    string label = node.Rules.Count == 0 ? node.Display.Trim('\'') : $"{node.Display.Trim('\'')}\n{string.Join(" ", node.Rules)}";
                    string finding = node.Rules.Count == 0 ? "" : $", color=\"{NodeStyle.FindingColour}\", penwidth=2.5, fontcolor=\"{NodeStyle.FindingColour}\"";
                    text.AppendLine($"  {id} [label={Quote(label)}, {NodeStyle.Dot(node.Kind)}{finding}];");
                }

                var inCycle = new Dictionary<int, string>();
                foreach (GraphCycleModel cycle in graph.Cycles)
                {
                    foreach (int edge in cycle.Edges)
                    {
                        inCycle[edge] = cycle.RuleId;
                    }
                }

                for (int i = 0; i < graph.Edges.Count; i++)
                {
                    GraphEdgeModel edge = graph.Edges[i];
                    if (!ids.TryGetValue(edge.From, out string? from) || !ids.TryGetValue(edge.To, out string? to))
                    {
                        continue;
                    }

                    string label = $"{NodeStyle.Verb(edge.Kind)}\n{edge.Place}";
                    string style = inCycle.TryGetValue(i, out string? rule)
                        ? $", color=\"{NodeStyle.FindingColour}\", fontcolor=\"{NodeStyle.FindingColour}\", penwidth=2.5{(rule == "FG0005" ? ", style=dashed" : "")}, label={Quote(label + "\n" + rule)}"
                        : $", label={Quote(label)}";
                    text.AppendLine($"  {from} -> {to} [tooltip={Quote(edge.Why)}{style}];");
                }

                if (graphs.Count > 1)
                {
                    text.AppendLine("  }");
                }
            }

            text.AppendLine("}");
            return text.ToString();
        }

        private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
    }
}
