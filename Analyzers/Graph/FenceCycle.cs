using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FenceGuard.Analyzers.Summaries;
using Microsoft.CodeAnalysis;
using QuikGraph;
using QuikGraph.Algorithms;

namespace FenceGuard.Analyzers.Graph
{
    /// <summary>A cycle to report: the edges around it, first the one earliest in source order.</summary>
    internal sealed class FenceCycle
    {
        public FenceCycle(IReadOnlyList<FenceEdge> edges) => Edges = edges;

        public IReadOnlyList<FenceEdge> Edges { get; }

        /// <summary>Bounded fences and indefinite ones in one cycle (FG0021 rather than FG0020).</summary>
        public bool CrossesBoundary => Edges.Any(e => e.From.IsIndefinite) && Edges.Any(e => e.From.IsBounded);

    }
}
