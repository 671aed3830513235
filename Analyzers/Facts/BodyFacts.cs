using System.Collections.Generic;
using System.Linq;
using FenceGuard.Analyzers.Regions;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Facts
{
    /// <summary>
    /// Everything one walk of a method's body found, once per compilation, and never changed after: its steps (effects,
    /// calls, waits, callback method groups, each with where it runs), its fence events for the summary fold, its lock
    /// acquisitions with what they hold, its reservation uses, its unbalanced sections, and its call edges. Rules read
    /// these records; none walks a body.
    /// </summary>
    internal sealed class BodyFacts
    {
        public static readonly BodyFacts Empty = new BodyFacts(
            FenceEvents.Empty, new List<Step>(), new List<LockHold>(), new List<ReservationUse>(), new List<Imbalance>(),
            new[] { -1 }, new List<(IMethodSymbol, SyntaxNode?, Location?)>(), new List<IMethodSymbol>(), default, (true, false));

        public BodyFacts(
            FenceEvents events, IReadOnlyList<Step> steps, IReadOnlyList<LockHold> locks, IReadOnlyList<ReservationUse> reservations,
            IReadOnlyList<Imbalance> imbalances, IReadOnlyList<int> functionParents,
            IReadOnlyList<(IMethodSymbol Callee, SyntaxNode? Syntax, Location? Site)> callees, IReadOnlyList<IMethodSymbol> dependencies,
            (bool OpensSection, bool MentionsSection, bool MentionsIndefinite) flags,
            (bool StepsRecorded, bool TouchesFences) extent, IReadOnlyList<int>? invokedParameters = null,
            IReadOnlyList<(ISymbol Holder, DelegateSource Source)>? delegateStores = null, IReadOnlyList<ReservationPass>? reservationPasses = null)
        {
            ReservationPasses = reservationPasses ?? System.Array.Empty<ReservationPass>();
            InvokedParameters = invokedParameters ?? System.Array.Empty<int>();
            DelegateStores = delegateStores ?? System.Array.Empty<(ISymbol, DelegateSource)>();
            Events = events;
            Steps = steps;
            Locks = locks;
            Reservations = reservations;
            Imbalances = imbalances;
            FunctionParents = functionParents;
            Callees = callees;
            Dependencies = dependencies;
            (OpensSection, MentionsSection, MentionsIndefinite) = flags;
            (StepsRecorded, TouchesFences) = extent;
        }

        /// <summary>The fence events, per body (0: the method's own; then each lambda), for the summary fold.</summary>
        public FenceEvents Events { get; }

        /// <summary>The operations that matter, in source order, lambdas' and local functions' included.</summary>
        public IReadOnlyList<Step> Steps { get; }

        public IReadOnlyList<LockHold> Locks { get; }

        public IReadOnlyList<ReservationUse> Reservations { get; }

        /// <summary>FG0006's findings for the body.</summary>
        public IReadOnlyList<Imbalance> Imbalances { get; }

        /// <summary>For each function index (0: the member's own body), the function it is written in (-1 for 0).</summary>
        public IReadOnlyList<int> FunctionParents { get; }

        /// <summary>The calls of the member's own body, and its dispatch to implementations (with the implementation's location).</summary>
        public IReadOnlyList<(IMethodSymbol Callee, SyntaxNode? Syntax, Location? Site)> Callees { get; }

        /// <summary>Every method this one's summary depends on: <see cref="Callees"/> plus calls and callbacks in its lambdas.</summary>
        public IReadOnlyList<IMethodSymbol> Dependencies { get; }

        /// <summary>Whether the code may open a signalling section (<c>BeginSignalling</c>, <c>Fence.AddCallback</c>, a [SignallingPath] lambda or local function).</summary>
        public bool OpensSection { get; }

        /// <summary>Whether the code touches a <c>SignallingSection</c> value.</summary>
        public bool MentionsSection { get; }

        /// <summary>Whether the code touches a <c>UserFence</c> or a <c>TaskCompletionSource</c>.</summary>
        public bool MentionsIndefinite { get; }

        /// <summary>
        /// Whether <see cref="Steps"/> holds every step. It does when the body matters itself: it names a fence, a task
        /// source, a reservation or a section, takes a lock, or is checked as a section as a whole. A body that does not
        /// (most of any codebase) is recorded by its calls and fence events only, and its effects are classified from a
        /// new walk when a rule first asks (<c>MethodSummaries.RecordedFactsOf</c>).
        /// </summary>
        public bool StepsRecorded { get; }

        /// <summary>The ordinals of the method's delegate parameters its own code invokes (not a lambda inside it): a caller's argument for one runs here.</summary>
        public IReadOnlyList<int> InvokedParameters { get; }

        /// <summary>The calls to [SignallingPath] methods, by argument (FG0008: what the caller reserved for the callee).</summary>
        public IReadOnlyList<ReservationPass> ReservationPasses { get; }

        /// <summary>
        /// The delegates the body stores into fields, properties and events whose source is known (every body records
        /// these, whether or not it matters): what the end-of-compilation reach reads instead of searching the syntax.
        /// </summary>
        public IReadOnlyList<(ISymbol Holder, DelegateSource Source)> DelegateStores { get; }

        /// <summary>
        /// Whether any event orders a fence (a wait, signal, callback or publication): where fence edges start. A lock taken
        /// with none of these orders nothing by itself; the body that waits under it or signals after it is where its edges start.
        /// </summary>
        public bool TouchesFences { get; }

        /// <summary>
        /// Whether any call event runs a delegate the summaries resolve: one read from a field, property or event, one
        /// passed to a callee, or a kept callback (<see cref="FenceEvent.Invokes"/>, <see cref="FenceEvent.Delegates"/>).
        /// </summary>
        public bool RunsDelegates
        {
            get
            {
                foreach (List<FenceEvent> body in Events.Bodies)
                {
                    foreach (FenceEvent e in body)
                    {
                        if (e.Invokes is not null || e.Delegates is not null)
                        {
                            return true;
                        }
                    }
                }

                return false;
            }
        }

        /// <summary>
        /// The facts of a construction of a virtual or interface member of a generic type (<c>ISink&lt;FrameInfo&gt;.Put</c>)
        /// from those of its definition: the same body, so the same walk, dispatching only to
        /// <paramref name="implementations"/> (those that can run for its type arguments, a subset of the definition's).
        /// No body is bound again for a construction.
        /// </summary>
        public BodyFacts ForConstruction(IReadOnlyList<IMethodSymbol> implementations)
        {
            var dropped = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            foreach ((IMethodSymbol callee, SyntaxNode? syntax, Location? site) in Callees)
            {
                if (syntax is null && site is not null && !implementations.Contains(callee, SymbolEqualityComparer.Default))
                {
                    dropped.Add(callee); // a dispatch entry this construction cannot reach
                }
            }

            if (dropped.Count == 0)
            {
                return this;
            }

            var events = new FenceEvents();
            events.Bodies.Clear();
            for (int i = 0; i < Events.Bodies.Count; i++)
            {
                events.Bodies.Add(i > 0 ? Events.Bodies[i] : Events.Bodies[i].Where(e => !(e is { Kind: FenceEventKind.Call, Syntax: null, Callee: { } c } && dropped.Contains(c))).ToList());
            }

            var callees = Callees.Where(c => !(c.Syntax is null && c.Site is not null && dropped.Contains(c.Callee))).ToArray();
            var kept = new HashSet<IMethodSymbol>(callees.Select(c => c.Callee), SymbolEqualityComparer.Default);
            foreach (List<FenceEvent> body in events.Bodies)
            {
                foreach (FenceEvent e in body)
                {
                    if (e.Callee is { } callee)
                    {
                        kept.Add(callee);
                    }
                }
            }

            var dependencies = Dependencies.Where(d => !dropped.Contains(d) || kept.Contains(d)).ToArray();
            return new BodyFacts(events.IsEmpty ? FenceEvents.Empty : events, Steps, Locks, Reservations, Imbalances, FunctionParents, callees, dependencies,
                (OpensSection, MentionsSection, MentionsIndefinite), (StepsRecorded, TouchesFences), InvokedParameters, DelegateStores, ReservationPasses);
        }

        /// <summary>Whether function <paramref name="outer"/> is <paramref name="inner"/> or written around it.</summary>
        public bool Encloses(int outer, int inner)
        {
            for (int current = inner; current >= 0; current = FunctionParents[current])
            {
                if (current == outer)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
