using System.Collections.Generic;

namespace FenceGuard.Tool.Graph
{
    /// <summary>A reported cycle (FG0020, FG0021) or lock inversion (FG0005): its edges, in order around it.</summary>
    internal sealed class GraphCycleModel
    {
        public GraphCycleModel(string ruleId, IReadOnlyList<int> edges)
        {
            RuleId = ruleId;
            Edges = edges;
        }

        public string RuleId { get; }

        /// <summary>Indices into the graph's edges.</summary>
        public IReadOnlyList<int> Edges { get; }
    }
}
