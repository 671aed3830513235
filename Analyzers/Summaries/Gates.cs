using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FenceGuard.Analyzers.Facts;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Regions;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>
    /// FG0010's question about one body, answered from its facts without walking it: which steps signal a bounded fence
    /// (directly, or through a callee's summary) behind a gate. A step runs behind the gate of a callback lambda it is
    /// in, or, in its own function, behind the first wait on an indefinite source in an earlier statement of a block
    /// around it, or in the condition of an <c>if</c> whose branch it is in. The outermost gate wins (what the user
    /// sees first); a lambda that is not a callback runs when invoked, behind none of the body's gates.
    /// </summary>
    internal static class Gates
    {
        /// <summary>
        /// The gated signals of a body: the signalling step, its gate, the callee it signals through (null when direct),
        /// and the delegate hop when that callee is a delegate's target.
        /// </summary>
        public static List<(Step Step, Gate Gate, IMethodSymbol? Through, DelegateHop? Via)> Signals(BodyFacts facts, MethodSummaries summaries, CancellationToken cancellationToken)
        {
            var found = new List<(Step, Gate, IMethodSymbol?, DelegateHop?)>();
            Dictionary<Frame, (int Index, Gate Gate)> firstWait = FirstWaits(facts, summaries, cancellationToken);
            foreach (Step step in facts.Steps)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (step is { CallbackMethod: { } method, CallbackOf: { IsIndefinite: true } source })
                {
                    // fence.AddCallback(OnReady) on an indefinite source: the method runs behind it.
                    if (Signals(method, summaries, cancellationToken))
                    {
                        found.Add((step, new Gate(step.Syntax.GetLocation(), source, null, null, null), method, null));
                    }

                    continue;
                }

                if (step is { CallbackHolder: { } kept, CallbackOf: { IsIndefinite: true } keptOn })
                {
                    // fence.AddCallback(_onReady) on an indefinite source: whatever is kept there runs behind it.
                    foreach (DelegateHop hop in summaries.DelegateCalls(null, kept, null, cancellationToken))
                    {
                        if (Signals(hop.Target, summaries, cancellationToken))
                        {
                            found.Add((step, new Gate(step.Syntax.GetLocation(), keptOn, null, null, null), hop.Target, hop));
                            break;
                        }
                    }

                    continue;
                }

                if (step.Invokes is not null || step.DelegateArguments is not null)
                {
                    // A delegate that runs here (a member's, or one passed to a callee that invokes it) and signals.
                    if (GateOf(step, firstWait) is { } delegateGate && SignallingDelegate(step, summaries, cancellationToken) is { } hop)
                    {
                        found.Add((step, delegateGate, hop.Target, hop));
                        continue;
                    }
                }

                if (step.Effect is not { Kind: EffectKind.Signal } && step.Callee is null)
                {
                    continue;
                }

                if (GateOf(step, firstWait) is not { } gate)
                {
                    continue;
                }

                if (step.Effect is { Kind: EffectKind.Signal })
                {
                    found.Add((step, gate, null, null));
                }
                else if (step.Callee is { } callee && Signals(callee, summaries, cancellationToken))
                {
                    found.Add((step, gate, callee, null));
                }
            }

            return found;
        }

        /// <summary>Whether a call in the body reaches a wait on an indefinite source, from the callees' summaries (no walk).</summary>
        public static bool CallsAnIndefiniteWaiter(BodyFacts facts, MethodSummaries summaries, CancellationToken cancellationToken)
        {
            foreach (List<FenceEvent> body in facts.Events.Bodies)
            {
                foreach (FenceEvent e in body)
                {
                    if (e is { Kind: FenceEventKind.Call, Callee: { } callee } && IndefiniteWaitOf(callee, summaries, cancellationToken) is not null)
                    {
                        return true;
                    }

                    if (e.Kind == FenceEventKind.Call && (e.Invokes is not null || e.Delegates is not null))
                    {
                        foreach (DelegateHop hop in summaries.DelegateCalls(e.Callee, e.Invokes, e.Delegates, cancellationToken))
                        {
                            if (IndefiniteWaitOf(hop.Target, summaries, cancellationToken) is not null)
                            {
                                return true;
                            }
                        }
                    }
                }
            }

            return false;
        }

        private static bool Signals(IMethodSymbol method, MethodSummaries summaries, CancellationToken cancellationToken) =>
            summaries.Get(method, cancellationToken)[EffectKind.Signal] is not null;

        private static DelegateHop? SignallingDelegate(Step step, MethodSummaries summaries, CancellationToken cancellationToken) =>
            summaries.DelegatesRunBy(step, cancellationToken).FirstOrDefault(hop => Signals(hop.Target, summaries, cancellationToken));

        private static (GraphNode Node, Location Site)? IndefiniteWaitOf(IMethodSymbol callee, MethodSummaries summaries, CancellationToken cancellationToken)
        {
            foreach ((GraphNode node, Location site) in summaries.FencesOf(callee, cancellationToken).Waits.Values)
            {
                if (node.IsIndefinite)
                {
                    return (node, site);
                }
            }

            return null;
        }

        /// <summary>
        /// For each block (and conditional) of the body, the first wait on an indefinite source in it, not inside a
        /// function written in it, with the index of its statement (for a conditional: only waits in the condition).
        /// </summary>
        private static Dictionary<Frame, (int Index, Gate Gate)> FirstWaits(BodyFacts facts, MethodSummaries summaries, CancellationToken cancellationToken)
        {
            var first = new Dictionary<Frame, (int, Gate)>();
            foreach (Step wait in facts.Steps.OrderBy(s => s.Syntax.SpanStart))
            {
                Gate? gate = null;
                if (wait.Waits is { IsIndefinite: true } source)
                {
                    gate = new Gate(wait.Site, source, null, null, null);
                }
                else if (wait.Callee is { } callee && IndefiniteWaitOf(callee, summaries, cancellationToken) is { } waited)
                {
                    gate = new Gate(wait.Site, null, callee, waited.Node, waited.Site);
                }
                else
                {
                    foreach (DelegateHop hop in summaries.DelegatesRunBy(wait, cancellationToken))
                    {
                        if (IndefiniteWaitOf(hop.Target, summaries, cancellationToken) is { } delegated)
                        {
                            gate = new Gate(wait.Site, null, hop.Target, delegated.Node, delegated.Site);
                            break;
                        }
                    }
                }

                if (gate is null)
                {
                    continue;
                }

                int index = wait.Statement;
                for (Frame? frame = wait.Frame; frame is { Kind: not FrameKind.Function }; index = frame.IndexInParent, frame = frame.Parent)
                {
                    if ((frame.Kind == FrameKind.Block || index == 0) && !first.ContainsKey(frame))
                    {
                        first[frame] = (index, gate);
                    }
                }
            }

            return first;
        }

        /// <summary>The gate a step runs behind, read from its frame chain, outermost first; null when none.</summary>
        private static Gate? GateOf(Step step, Dictionary<Frame, (int Index, Gate Gate)> firstWait)
        {
            var chain = new List<(Frame Frame, int Index)>();
            int index = step.Statement;
            for (Frame? frame = step.Frame; frame is not null; index = frame.IndexInParent, frame = frame.Parent)
            {
                chain.Add((frame, index));
            }

            Gate? gate = null;
            for (int k = chain.Count - 1; k >= 0; k--)
            {
                (Frame frame, int at) = chain[k];
                if (frame.Kind == FrameKind.Function)
                {
                    gate = frame.CallbackOf is { IsIndefinite: true } source ? new Gate(frame.CallbackAt ?? Location.None, source, null, null, null) : null;
                    continue;
                }

                if (gate is null && firstWait.TryGetValue(frame, out (int Index, Gate Gate) wait) &&
                    (frame.Kind == FrameKind.Block ? wait.Index < at : at > 0))
                {
                    gate = wait.Gate;
                }
            }

            return gate;
        }
    }
}
