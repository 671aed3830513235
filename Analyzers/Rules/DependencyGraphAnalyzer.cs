using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FenceGuard.Analyzers.Facts;
using FenceGuard.Analyzers.Graph;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Regions;
using FenceGuard.Analyzers.Reporting;
using FenceGuard.Analyzers.Summaries;
using FenceGuard.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Rules
{
    /// <summary>
    /// The rules that need the whole compilation, reported once at its end (in the IDE they need full-solution
    /// analysis; every in-section and call-site rule is reported per document instead):
    /// <list type="bullet">
    /// <item>FG0005: a lock class taken inside a signalling section (directly or through calls) that is held elsewhere
    /// while waiting on a fence or around a [MayReclaim] call (lockdep's lock → fence → lock);</item>
    /// <item>FG0020/FG0021: cycles of the fence dependency graph, one per strongly connected component, at its edge
    /// earliest in source order; a cycle through a lock class FG0005 reports is not reported again;</item>
    /// <item>FG0011: a fence that depends on an indefinite one, added to a reservation object.</item>
    /// </list>
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class DependencyGraphAnalyzer : FenceGuardAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Descriptors.LockInversion, Descriptors.IndefiniteFenceShared, Descriptors.DependencyCycle, Descriptors.CrossBoundaryCycle, Descriptors.GraphExported);

        private protected override void OnFenceGuardCompilation(CompilationStartAnalysisContext start, FenceGuardCompilation state)
        {
            KnownSymbols symbols = state.Symbols!;
            EffectClassifier effects = state.Effects!;
            MethodSummaries summaries = state.Summaries!;
            var acquisitions = new ConcurrentQueue<(LockClass Class, Location Site, string Construct, SectionInfo Section)>();
            var holds = new ConcurrentQueue<(LockHold Held, BodyFacts Facts)>();

            // No walk of its own: the body's facts (one walk, shared by every rule) carry each acquisition with its section
            // and held span, each call with its section, and the steps that run while a lock is held.
            start.RegisterOperationBlockAction(block =>
            {
                if (block.OwningSymbol is not IMethodSymbol owner)
                {
                    return;
                }

                BodyFacts facts = summaries.FactsOf(owner, block.OperationBlocks, block.CancellationToken);
                foreach (LockHold held in facts.Locks)
                {
                    if (held.Section is { } section)
                    {
                        acquisitions.Enqueue((held.Class, held.Site, held.Construct, section));
                    }

                    holds.Enqueue((held, facts)); // decided at the end, only for the classes some section takes
                }

                foreach (List<FenceEvent> body in facts.Events.Bodies)
                {
                    foreach (FenceEvent e in body)
                    {
                        if (e is { Kind: FenceEventKind.Call, Section: { } callSection, Callee: { } callee })
                        {
                            foreach ((GraphNode node, Location site) in summaries.FencesOf(callee, block.CancellationToken).Waits.Values)
                            {
                                if (node.Lock is { } takenClass)
                                {
                                    acquisitions.Enqueue((takenClass, e.Site,
                                        $"the call to '{CallChains.DisplayName(callee)}' (which takes it at {Places.Where(site)})", callSection));
                                }
                            }
                        }
                    }
                }
            });

            start.RegisterCompilationEndAction(end =>
            {
                // What runs under a lock matters only for a lock class that some section takes: elsewhere (most of any
                // library's locks) nothing under it is summarized.
                var taken = new HashSet<string>(acquisitions.Select(a => a.Class.Key), System.StringComparer.Ordinal);
                var holders = new List<(LockClass Class, Location Site, string While)>();
                foreach ((LockHold held, BodyFacts facts) in holds)
                {
                    if (taken.Contains(held.Class.Key) && WaitsWhileHeld(held, facts, summaries, end.CancellationToken) is { } waits)
                    {
                        holders.Add((held.Class, held.Site, waits));
                    }
                }

                // A referenced assembly that holds one of those classes while it waits (its recorded summaries say where).
                if (taken.Count > 0)
                {
                    foreach ((string assembly, FenceEdge edge) in state.Referenced.Holders(end.CancellationToken))
                    {
                        if (edge.From.Lock is { } heldClass && taken.Contains(heldClass.Key))
                        {
                            holders.Add((heldClass, edge.Site, $"a wait on {edge.To.Display} in '{assembly}' at {Places.Where(edge.Site)}"));
                        }
                    }
                }

                // A library's graph can close a cycle here only through its own fences, so it is read only when this code
                // names one of them, and only if this compilation's graph has an edge for it to join (FenceGraph.Build).
                IEnumerable<FenceEdge> referenced = state.Referenced.GraphEdges(summaries.NamesNodesOf, end.CancellationToken);

                List<(LockClass Class, Location Taken, Location Holder, string While)> inversions = ReportLockInversions(end, acquisitions, holders);
                var inverted = new HashSet<GraphNode>(inversions.Select(i => GraphNode.ForLock(i.Class)));
                // Only methods that can reach a fence have fence summaries worth folding; the rest of the code costs nothing here.
                foreach (IMethodSymbol method in summaries.ReachingFences(end.CancellationToken))
                {
                    summaries.FencesOf(method, end.CancellationToken);
                }

                List<FenceSummary> all = summaries.Computed.Select(s => s.Fences).Where(f => !f.IsEmpty).ToList();
                FenceGraph graph = FenceGraph.Build(all, referenced, end.CancellationToken);
                List<(string RuleId, FenceCycle Cycle)> cycles = ReportCycles(end, graph, inverted);
                List<(GraphNode Node, Location Site)> published = ReportPublishedIndefinite(end, graph, all);
                if (state.ExportsGraph)
                {
                    (string text, int nodes, int edges) = GraphExport.Write(graph, cycles, inversions, published, end.CancellationToken);
                    end.ReportDiagnostic(Diagnostic.Create(Descriptors.GraphExported, Location.None,
                        ImmutableDictionary<string, string?>.Empty.Add(Descriptors.GraphProperty, text), end.Compilation.AssemblyName, nodes, edges, cycles.Count + inversions.Count));
                }
            });
        }

        /// <summary>FG0005; returns each inversion it reported (the class, where a section takes it, where it is held while waiting).</summary>
        private static List<(LockClass Class, Location Taken, Location Holder, string While)> ReportLockInversions(
            CompilationAnalysisContext end,
            IEnumerable<(LockClass Class, Location Site, string Construct, SectionInfo Section)> acquisitions,
            IEnumerable<(LockClass Class, Location Site, string While)> holders)
        {
            // The first holding site of each class in source order, so the report does not depend on scheduling.
            var firstHolder = new Dictionary<string, (Location Site, string While)>();
            foreach ((LockClass lockClass, Location site, string waits) in holders.OrderBy(h => h.Site, FenceGraph.SourceOrder))
            {
                if (!firstHolder.ContainsKey(lockClass.Key))
                {
                    firstHolder[lockClass.Key] = (site, waits);
                }
            }

            var reported = new List<(LockClass Class, Location Taken, Location Holder, string While)>();
            foreach ((LockClass lockClass, Location site, string construct, SectionInfo section) in acquisitions.OrderBy(a => a.Site, FenceGraph.SourceOrder))
            {
                if (firstHolder.TryGetValue(lockClass.Key, out (Location Site, string While) holder))
                {
                    reported.Add((lockClass, site, holder.Site, holder.While));
                    end.ReportDiagnostic(Diagnostic.Create(Descriptors.LockInversion, site, new[] { section.Opening, holder.Site },
                        $"{construct} takes {lockClass.Display}", section.Description, holder.While));
                }
            }

            return reported;
        }

        /// <summary>FG0020/FG0021: once per strongly connected component, at its first edge in source order; the others are additional locations.</summary>
        private static List<(string RuleId, FenceCycle Cycle)> ReportCycles(CompilationAnalysisContext end, FenceGraph graph, HashSet<GraphNode> inverted)
        {
            var reported = new List<(string, FenceCycle)>();
            foreach (FenceCycle cycle in graph.Cycles(end.CancellationToken))
            {
                if (cycle.Edges.Any(e => inverted.Contains(e.From)) || !cycle.Edges[0].Site.IsInSource)
                {
                    continue; // FG0005 already reports this lock → fence → lock cycle; or the cycle is all another assembly's, which reports it
                }

                DiagnosticDescriptor descriptor = cycle.CrossesBoundary ? Descriptors.CrossBoundaryCycle : Descriptors.DependencyCycle;
                end.ReportDiagnostic(Diagnostic.Create(descriptor, cycle.Edges[0].Site, cycle.Edges.Skip(1).Select(e => e.Site), GraphText.Describe(cycle)));
                reported.Add((descriptor.Id, cycle));
            }

            return reported;
        }

        /// <summary>FG0011: where a fence that depends on an indefinite one is added to a reservation object.</summary>
        private static List<(GraphNode Node, Location Site)> ReportPublishedIndefinite(CompilationAnalysisContext end, FenceGraph graph, IEnumerable<FenceSummary> summaries)
        {
            var reported = new HashSet<(string, string?, int)>();
            var found = new List<(GraphNode Node, Location Site, List<FenceEdge> Path)>();
            foreach (FenceSummary summary in summaries)
            {
                foreach ((GraphNode node, Location site) in summary.Published.Values)
                {
                    if (!node.IsParameter && site.IsInSource && graph.IsIndefinite(node, out List<FenceEdge> path) &&
                        reported.Add((node.Key, site.SourceTree?.FilePath, site.SourceSpan.Start)))
                    {
                        found.Add((node, site, path));
                    }
                }
            }

            foreach ((GraphNode node, Location site, List<FenceEdge> path) in found.OrderBy(f => f.Site, FenceGraph.SourceOrder))
            {
                string why = path.Count == 0 ? $"{node.Display} is a user fence" : string.Join(", ", path.Select(e => $"{GraphText.Describe(e)} ({Places.Where(e.Site)})"));
                string call = site.SourceTree is { } tree ? $"'{tree.GetText(end.CancellationToken).ToString(site.SourceSpan)}'" : "This call";
                end.ReportDiagnostic(Diagnostic.Create(Descriptors.IndefiniteFenceShared, site, path.Select(e => e.Site), call, node.Display, why));
            }

            return found.Select(f => (f.Node, f.Site)).ToList();
        }

        /// <summary>What runs while the lock is held that waits on a fence or may reclaim, directly or through calls (the first, in source order), or null.</summary>
        private static string? WaitsWhileHeld(LockHold held, BodyFacts facts, MethodSummaries summaries, System.Threading.CancellationToken cancellationToken)
        {
            foreach (Step step in facts.Steps)
            {
                if (!held.Holds(step))
                {
                    continue;
                }

                if (step.Effect is { Kind: EffectKind.FenceWait or EffectKind.Reclaim } effect)
                {
                    return $"{effect.Construct} at line {step.Line}";
                }

                // A wait is named before a reclaim: it is what FG0005's message is about.
                List<StepEffect> calls = StepEffects.Of(step, summaries, cancellationToken).Where(e => e.Through is not null).ToList();
                foreach (EffectKind wanted in new[] { EffectKind.FenceWait, EffectKind.Reclaim })
                {
                    if (calls.FirstOrDefault(e => e.Kind == wanted) is { Through: { } through } found)
                    {
                        return $"{CallChains.DescribeCall(summaries, through, wanted, found.Via).Text} at line {step.Line}";
                    }
                }
            }

            return null;
        }
    }
}
