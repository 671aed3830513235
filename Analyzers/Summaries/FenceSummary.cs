using System;
using System.Collections.Generic;
using FenceGuard.Analyzers.Facts;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>
    /// What one method does to the fence graph, transitively: the nodes it waits on (locks it takes included) and
    /// signals before returning, the fences it adds to reservation objects, and the dependency edges its code creates.
    /// Nodes may be parameters, which call sites bind to their arguments. Edges between concrete nodes go to the
    /// graph; edges that involve a parameter travel up to the callers that bind it. Each set is capped at
    /// <see cref="MaxEntries"/> entries so that summaries stay small whatever the code's size.
    /// </summary>
    internal sealed class FenceSummary
    {
        public const int MaxEntries = 64;

        public static readonly FenceSummary Empty = new FenceSummary();

        public Dictionary<string, (GraphNode Node, Location Site)> Waits { get; } = new Dictionary<string, (GraphNode, Location)>(StringComparer.Ordinal);

        public Dictionary<string, (GraphNode Node, Location Site)> Signals { get; } = new Dictionary<string, (GraphNode, Location)>(StringComparer.Ordinal);

        /// <summary>Fences added to reservation objects (FG0011 when one is indefinite); a concrete fence is reported where it is added, so only parameters travel to callers.</summary>
        public Dictionary<string, (GraphNode Node, Location Site)> Published { get; } = new Dictionary<string, (GraphNode, Location)>(StringComparer.Ordinal);

        public Dictionary<string, FenceEdge> Edges { get; } = new Dictionary<string, FenceEdge>(StringComparer.Ordinal);

        /// <summary>Total entries: summaries only grow while a component's fixpoint runs, so an unchanged size means done.</summary>
        public int Size => Waits.Count + Signals.Count + Published.Count + Edges.Count;

        public bool IsEmpty => Size == 0;

        /// <summary>
        /// Folds a method's events, in source order per body, with its callees' summaries (as <paramref name="summaryOf"/>
        /// knows them now). A signal depends on every wait and lock before it in the same body; a lock held around a
        /// wait depends on the waited node; a callback's signals depend on the node it is registered on. A delegate's
        /// targets that run at a call (<paramref name="delegatesAt"/>) are folded as calls there.
        /// </summary>
        public static FenceSummary Fold(FenceEvents events, Func<IMethodSymbol, FenceSummary?> summaryOf, Func<FenceEvent, IEnumerable<IMethodSymbol>>? delegatesAt = null)
        {
            if (!CanContribute(events, summaryOf, delegatesAt))
            {
                return Empty; // calls only, to methods that touch no fence (most of any codebase): nothing to fold, nothing to allocate
            }

            var result = new FenceSummary();
            var bodySignals = new List<GraphNode>?[events.Bodies.Count];
            for (int body = events.Bodies.Count - 1; body >= 0; body--)
            {
                // Lambdas are numbered after the body that contains them, so each callback body is done before its registration.
                bodySignals[body] = new BodyFold(result, body == 0, bodySignals, summaryOf, delegatesAt).Run(events.Bodies[body]);
            }

            return result;
        }

        /// <summary>Whether any event can add to a summary: one that is not a call, or a call to a method whose summary is not empty.</summary>
        private static bool CanContribute(FenceEvents events, Func<IMethodSymbol, FenceSummary?> summaryOf, Func<FenceEvent, IEnumerable<IMethodSymbol>>? delegatesAt)
        {
            foreach (List<FenceEvent> body in events.Bodies)
            {
                foreach (FenceEvent e in body)
                {
                    if (e.Kind != FenceEventKind.Call || (e.Callee is { } callee && summaryOf(callee) is { IsEmpty: false }))
                    {
                        return true;
                    }

                    if (delegatesAt is not null && (e.Invokes is not null || e.Delegates is not null))
                    {
                        foreach (IMethodSymbol target in delegatesAt(e))
                        {
                            if (summaryOf(target) is { IsEmpty: false })
                            {
                                return true;
                            }
                        }
                    }
                }
            }

            return false;
        }

        private static void TryAdd(Dictionary<string, (GraphNode, Location)> set, GraphNode node, Location site)
        {
            if (set.Count < MaxEntries && !set.ContainsKey(node.Key))
            {
                set[node.Key] = (node, site);
            }
        }

        private void AddEdge(GraphNode from, GraphNode to, EdgeKind kind, Location site)
        {
            if (from.Equals(to) || Edges.Count >= MaxEntries)
            {
                return; // one node waiting on itself is two instances of one class (a pipeline stage waiting on its predecessor), not a cycle
            }

            var edge = new FenceEdge(from, to, kind, site);
            if (!Edges.ContainsKey(edge.Key))
            {
                Edges[edge.Key] = edge;
            }
        }

        private static GraphNode? Bind(GraphNode node, GraphNode?[]? arguments) =>
            !node.IsParameter ? node
            : arguments is not null && node.ParameterOrdinal < arguments.Length ? arguments[node.ParameterOrdinal]
            : null;

        private sealed class BodyFold
        {
            private readonly FenceSummary _result;
            private readonly bool _ownBody;
            private readonly List<GraphNode>?[] _bodySignals;
            private readonly Func<IMethodSymbol, FenceSummary?> _summaryOf;
            private readonly Func<FenceEvent, IEnumerable<IMethodSymbol>>? _delegatesAt;
            private readonly List<(GraphNode Node, Location Site, EdgeKind Kind)> _before = new List<(GraphNode, Location, EdgeKind)>();
            private readonly HashSet<string> _beforeKeys = new HashSet<string>(StringComparer.Ordinal);
            private readonly List<GraphNode> _signals = new List<GraphNode>();

            public BodyFold(FenceSummary result, bool ownBody, List<GraphNode>?[] bodySignals, Func<IMethodSymbol, FenceSummary?> summaryOf, Func<FenceEvent, IEnumerable<IMethodSymbol>>? delegatesAt)
            {
                _delegatesAt = delegatesAt;
                _result = result;
                _ownBody = ownBody;
                _bodySignals = bodySignals;
                _summaryOf = summaryOf;
            }

            /// <summary>Folds one body's events, already in source order (sorted once, when collected; never modified after).</summary>
            public List<GraphNode> Run(List<FenceEvent> events)
            {
                foreach (FenceEvent e in events)
                {
                    switch (e.Kind)
                    {
                        case FenceEventKind.Wait:
                            Wait(e.Node!, e.Site, e.Held);
                            break;
                        case FenceEventKind.Acquire:
                            Acquire(e.Node!, e.Site);
                            break;
                        case FenceEventKind.Signal:
                            Signal(e.Node!, e.Site);
                            break;
                        case FenceEventKind.Publish:
                            if (_ownBody)
                            {
                                TryAdd(_result.Published, e.Node!, e.Site);
                            }

                            _result.AddEdge(e.Container!, e.Node!, EdgeKind.Holds, e.Site);
                            break;
                        case FenceEventKind.Callback:
                            Callback(e);
                            break;
                        case FenceEventKind.Call:
                            if (e.Callee is { } called && _summaryOf(called) is { IsEmpty: false } callee)
                            {
                                Call(e, callee, e.Arguments);
                            }

                            if (_delegatesAt is not null && (e.Invokes is not null || e.Delegates is not null))
                            {
                                foreach (IMethodSymbol target in _delegatesAt(e))
                                {
                                    if (_summaryOf(target) is { IsEmpty: false } delegated)
                                    {
                                        Call(e, delegated, null); // a delegate's target runs here; its own parameters are not the call's
                                    }
                                }
                            }

                            break;
                    }
                }

                return _signals;
            }

            private void Call(FenceEvent call, FenceSummary callee, GraphNode?[]? arguments)
            {
                foreach ((GraphNode node, Location _) in callee.Signals.Values)
                {
                    if (Bind(node, arguments) is { } signalled)
                    {
                        Signal(signalled, call.Site);
                    }
                }

                foreach ((GraphNode node, Location _) in callee.Waits.Values)
                {
                    if (Bind(node, arguments) is not { } waited)
                    {
                        continue;
                    }

                    if (waited.Kind == NodeKind.Lock)
                    {
                        Acquire(waited, call.Site);
                    }
                    else
                    {
                        Wait(waited, call.Site, call.Held);
                    }
                }

                foreach ((GraphNode node, Location _) in callee.Published.Values)
                {
                    if (_ownBody && node.IsParameter && Bind(node, arguments) is { } published)
                    {
                        TryAdd(_result.Published, published, call.Site);
                    }
                }

                foreach (FenceEdge edge in callee.Edges.Values)
                {
                    if (!edge.IsConcrete && Bind(edge.From, arguments) is { } from && Bind(edge.To, arguments) is { } to)
                    {
                        _result.AddEdge(from, to, edge.Kind, call.Site);
                    }
                }
            }

            private void Callback(FenceEvent registration)
            {
                IEnumerable<GraphNode>? signals = registration.CallbackBody >= 0
                    ? _bodySignals[registration.CallbackBody]
                    : registration.Callee is { } callee && _summaryOf(callee) is { } summary ? Concrete(summary.Signals.Values) : null;
                foreach (GraphNode signalled in signals ?? Array.Empty<GraphNode>())
                {
                    _result.AddEdge(signalled, registration.Node!, EdgeKind.CallbackOf, registration.Site);
                }

                if (registration.Invokes is not null && _delegatesAt is not null)
                {
                    // A callback kept in a field, property or event: each target stored there.
                    foreach (IMethodSymbol target in _delegatesAt(registration))
                    {
                        foreach (GraphNode signalled in _summaryOf(target) is { } kept ? Concrete(kept.Signals.Values) : Array.Empty<GraphNode>())
                        {
                            _result.AddEdge(signalled, registration.Node!, EdgeKind.CallbackOf, registration.Site);
                        }
                    }
                }
            }

            private static IEnumerable<GraphNode> Concrete(IEnumerable<(GraphNode Node, Location Site)> entries)
            {
                foreach ((GraphNode node, Location _) in entries)
                {
                    if (!node.IsParameter)
                    {
                        yield return node;
                    }
                }
            }

            private void Wait(GraphNode node, Location site, IReadOnlyList<GraphNode> held)
            {
                if (_ownBody)
                {
                    TryAdd(_result.Waits, node, site);
                }

                if (_beforeKeys.Add(node.Key))
                {
                    _before.Add((node, site, EdgeKind.WaitsOn));
                }

                foreach (GraphNode lockNode in held)
                {
                    _result.AddEdge(lockNode, node, EdgeKind.HeldWhileWaiting, site);
                }
            }

            private void Acquire(GraphNode lockNode, Location site)
            {
                if (_ownBody)
                {
                    TryAdd(_result.Waits, lockNode, site);
                }

                if (_beforeKeys.Add(lockNode.Key))
                {
                    _before.Add((lockNode, site, EdgeKind.TakesLock));
                }
            }

            private void Signal(GraphNode node, Location site)
            {
                if (_ownBody)
                {
                    TryAdd(_result.Signals, node, site);
                }

                _signals.Add(node);
                foreach ((GraphNode waited, Location waitSite, EdgeKind kind) in _before)
                {
                    _result.AddEdge(node, waited, kind, waitSite);
                }
            }
        }
    }
}
