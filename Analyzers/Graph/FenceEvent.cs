using System.Collections.Generic;
using FenceGuard.Analyzers.Locks;
using FenceGuard.Analyzers.Sections;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Graph
{
    /// <summary>What one operation of a body does to the fence graph.</summary>
    internal enum FenceEventKind
    {
        /// <summary>Waits on or awaits <see cref="FenceEvent.Node"/>.</summary>
        Wait,

        /// <summary>Takes the lock class <see cref="FenceEvent.Node"/>.</summary>
        Acquire,

        /// <summary>Signals <see cref="FenceEvent.Node"/>.</summary>
        Signal,

        /// <summary>Calls <see cref="FenceEvent.Callee"/>, binding its parameters to <see cref="FenceEvent.Arguments"/>.</summary>
        Call,

        /// <summary>Registers a callback on <see cref="FenceEvent.Node"/>: a lambda body (<see cref="FenceEvent.CallbackBody"/>) or a method group (<see cref="FenceEvent.Callee"/>).</summary>
        Callback,

        /// <summary>Adds the fence <see cref="FenceEvent.Node"/> to the reservation object <see cref="FenceEvent.Container"/>.</summary>
        Publish,
    }

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
        public Location Site => _site ??= Syntax is null ? Location.None : Rules.SignallingSectionAnalyzer.ReportLocation(Syntax);

        /// <summary>Source position, for ordering.</summary>
        public int Position { get; }

        public GraphNode? Node { get; set; }

        public GraphNode? Container { get; set; }

        public IMethodSymbol? Callee { get; set; }

        /// <summary>For calls: the caller's node for each of the callee's parameters (by ordinal), or null when none is a fence.</summary>
        public GraphNode?[]? Arguments { get; set; }

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

    /// <summary>
    /// The fence events of one method: body 0 is the method's own body, the others are the bodies of the lambdas and
    /// anonymous methods written in it (which run later, when invoked or called back, so they are ordered on their own).
    /// </summary>
    internal sealed class FenceEvents
    {
        public static readonly FenceEvents Empty = new FenceEvents();

        public List<List<FenceEvent>> Bodies { get; } = new List<List<FenceEvent>> { new List<FenceEvent>() };

        public bool IsEmpty => Bodies.Count == 1 && Bodies[0].Count == 0;

        /// <summary>
        /// Whether the method's code (its lambdas and local functions included) may open a signalling section:
        /// <c>Fence.BeginSignalling</c>, <c>Fence.AddCallback</c>, or a [SignallingPath] lambda or local function.
        /// Rules skip the section walk of bodies that cannot.
        /// </summary>
        public bool OpensSection { get; set; }

        /// <summary>Whether the method's code touches a <c>SignallingSection</c> value or begins or ends one (FG0006 looks only there).</summary>
        public bool MentionsSection { get; set; }

        /// <summary>Whether the method's code touches a <c>UserFence</c> or a <c>TaskCompletionSource</c> (FG0010 looks there, and at calls that wait on one).</summary>
        public bool MentionsIndefinite { get; set; }
    }
}
