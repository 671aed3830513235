using System.Collections.Generic;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>
    /// A referenced library's own lines of its record (<see cref="SummaryFormat.ReadGraph"/>): the concrete edges of its
    /// fence graph, and where it first holds each lock class while waiting. Read apart from its members, and only when a
    /// consumer's graph or its sections' locks need them.
    /// </summary>
    internal sealed class LibraryGraph
    {
        public LibraryGraph(IReadOnlyList<FenceEdge> edges, IReadOnlyList<FenceEdge> holders)
        {
            Edges = edges;
            Holders = holders;
        }

        public IReadOnlyList<FenceEdge> Edges { get; }

        public IReadOnlyList<FenceEdge> Holders { get; }
    }
}
