using System.Collections.Generic;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Regions;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Facts
{
    /// <summary>One event of a body, in source order, with the lock classes held around it.</summary>
    internal sealed class FenceEvent
    {
        private Location? _site;

        public FenceEvent(FenceEventKind kind, SyntaxNode? syntax, Location? site, int position)
        {
            Kind = kind;
            Syntax = syntax;
            _site = site;
            Position = position;
        }

        public FenceEventKind Kind { get; }

        /// <summary>
        /// The operation's syntax (null for the synthetic call of a virtual member to an implementation). Events keep
        /// syntax, never operations: summaries live as long as the compilation, and must not keep bound trees alive.
        /// </summary>
        public SyntaxNode? Syntax { get; }

        /// <summary>Where messages point; made only when a message or an edge needs it.</summary>
        public Location Site => _site ??= Syntax is null ? Location.None : Sites.Of(Syntax);

        /// <summary>Source position, for ordering.</summary>
        public int Position { get; }

        public GraphNode? Node { get; set; }

        public GraphNode? Container { get; set; }

        public IMethodSymbol? Callee { get; set; }

        /// <summary>For calls: the caller's node for each of the callee's parameters (by ordinal), or null when none is a fence.</summary>
        public GraphNode?[]? Arguments { get; set; }

        /// <summary>For calls: the delegate arguments whose source is known, by the callee's parameter ordinal (a callee that invokes one runs it).</summary>
        public (int Ordinal, DelegateSource Source)[]? Delegates { get; set; }

        /// <summary>
        /// For a call with no <see cref="Callee"/>: the field, property or event whose delegate it invokes; for a callback
        /// registration: the member the callback is kept in.
        /// </summary>
        public DelegateSource? Invokes { get; set; }

        /// <summary>For lambda callbacks: the index of the lambda's body.</summary>
        public int CallbackBody { get; set; } = -1;

        /// <summary>The lock classes held (structurally) around this event.</summary>
        public IReadOnlyList<GraphNode> Held { get; set; } = System.Array.Empty<GraphNode>();

        /// <summary>For acquisitions and calls: the innermost signalling section they run in, or null.</summary>
        public SectionInfo? Section { get; set; }

        /// <summary>For acquisitions: the lock class taken.</summary>
        public LockClass? Lock { get; set; }

        /// <summary>For acquisitions: how messages name them, e.g. "'lock (_gate)'".</summary>
        public string? Construct { get; set; }
    }
}
