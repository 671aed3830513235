using System;
using System.Collections.Generic;
using FenceGuard.Analyzers.Facts;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>A dependency: <see cref="From"/> cannot complete until <see cref="To"/> does; <see cref="Site"/> is where the code says so.</summary>
    internal sealed class FenceEdge : QuikGraph.IEdge<GraphNode>
    {
        public FenceEdge(GraphNode from, GraphNode to, EdgeKind kind, Location site)
        {
            From = from;
            To = to;
            Kind = kind;
            Site = site;
        }

        public GraphNode From { get; }

        public GraphNode To { get; }

        public EdgeKind Kind { get; }

        public Location Site { get; }

        GraphNode QuikGraph.IEdge<GraphNode>.Source => From;

        GraphNode QuikGraph.IEdge<GraphNode>.Target => To;

        public string Key => From.Key + "\u2192" + To.Key;

        public bool IsConcrete => !From.IsParameter && !To.IsParameter;

    }
}
