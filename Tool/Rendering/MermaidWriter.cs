using System.Collections.Generic;
using System.Linq;
using System.Text;
using FenceGuard.Tool.Graph;

namespace FenceGuard.Tool.Rendering
{
    /// <summary>A Mermaid flowchart (renders in GitHub and Azure DevOps markdown): the same nodes, edges and highlights as the DOT.</summary>
    internal static class MermaidWriter
    {
        public static string Write(IReadOnlyList<GraphModel> graphs)
        {
            var text = new StringBuilder();
            text.AppendLine("flowchart LR");
            text.AppendLine($"  classDef finding stroke:{NodeStyle.FindingColour},stroke-width:3px,color:{NodeStyle.FindingColour}");
            text.AppendLine("  classDef indefinite fill:#ffe0b2");
            text.AppendLine("  classDef lockclass fill:#eeeeee");
            text.AppendLine("  classDef map fill:#ede7f6");
            int link = 0;
            var red = new List<int>();
            for (int g = 0; g < graphs.Count; g++)
            {
                GraphModel graph = graphs[g];
                string prefix = graphs.Count > 1 ? $"p{g}_" : "";
                if (graphs.Count > 1)
                {
                    text.AppendLine($"  subgraph {prefix}project[\"{Escape(graph.Project)}\"]");
                }

                var ids = new Dictionary<string, string>();
                for (int i = 0; i < graph.Nodes.Count; i++)
                {
                    GraphNodeModel node = graph.Nodes[i];
                    string id = ids[node.Key] = $"{prefix}n{i}";
                    string label = Escape(node.Display.Trim('\'')) + (node.Rules.Count == 0 ? "" : "<br/>" + string.Join(" ", node.Rules));
                    text.AppendLine("  " + node.Kind switch
                    {
                        "UserFence" or "TaskSource" => $"{id}([\"{label}\"])",
                        "Lock" => $"{id}{{{{\"{label}\"}}}}",
                        "Reservation" => $"{id}[(\"{label}\")]",
                        "SignallingMap" => $"{id}(((\"{label}\")))",
                        _ => $"{id}[\"{label}\"]",
                    });
                    string? @class = node.Rules.Count > 0 ? "finding" : node.Kind switch
                    {
                        "UserFence" or "TaskSource" => "indefinite",
                        "Lock" => "lockclass",
                        "SignallingMap" => "map",
                        _ => null,
                    };
                    if (@class is not null)
                    {
                        text.AppendLine($"  class {id} {@class}");
                    }
                }

                var inCycle = new HashSet<int>(graph.Cycles.SelectMany(c => c.Edges));
                for (int i = 0; i < graph.Edges.Count; i++)
                {
                    GraphEdgeModel edge = graph.Edges[i];
                    if (!ids.TryGetValue(edge.From, out string? from) || !ids.TryGetValue(edge.To, out string? to))
                    {
                        continue;
                    }

                    text.AppendLine($"  {from} -- \"{Escape(NodeStyle.Verb(edge.Kind))} ({Escape(edge.Place)})\" --> {to}");
                    if (inCycle.Contains(i))
                    {
                        red.Add(link);
                    }

                    link++;
                }

                if (graphs.Count > 1)
                {
                    text.AppendLine("  end");
                }
            }

            foreach (int index in red)
            {
                text.AppendLine($"  linkStyle {index} stroke:{NodeStyle.FindingColour},stroke-width:3px");
            }

            return text.ToString();
        }

        private static string Escape(string value) => value.Replace("\"", "#quot;").Replace("<", "#lt;").Replace(">", "#gt;");
    }
}
