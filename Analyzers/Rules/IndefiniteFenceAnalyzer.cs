using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FenceGuard.Analyzers.Facts;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Reporting;
using FenceGuard.Analyzers.Summaries;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FenceGuard.Analyzers.Rules
{
    /// <summary>
    /// FG0010: a bounded fence whose signal is gated by an indefinite source (a <c>UserFence</c> or a
    /// <c>TaskCompletionSource</c> task), the future/proxy-fence pattern. Two structural forms, each direct or through
    /// calls: the signal runs in a callback of the source, or after a wait on the source in the same body (a timeout on
    /// that wait does not help: the fence still signals only when user code lets it). Which signals are gated is read
    /// from the body's facts (<see cref="Gates"/>); this rule walks nothing.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class IndefiniteFenceAnalyzer : FenceGuardAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.IndefiniteFence, Descriptors.IndefiniteFenceThroughCalls);

        private protected override void OnFenceGuardCompilation(CompilationStartAnalysisContext start, FenceGuardCompilation state)
        {
            MethodSummaries summaries = state.Summaries!;
            var deferred = new ConcurrentQueue<IMethodSymbol>();

            // A body that touches an indefinite source itself is checked here, as the user types. One that does not can
            // only be gated through a call to a method that waits on one: finding out needs its callees' fence summaries,
            // so it is checked once the whole compilation is summarized, not per document (that would pull the whole
            // call graph into every body, binding callees before the driver does).
            start.RegisterOperationBlockAction(block =>
            {
                BodyFacts facts = summaries.FactsOf(block.OwningSymbol, block.OperationBlocks, block.CancellationToken);
                if (facts.MentionsIndefinite)
                {
                    Report(facts, summaries, Descriptors.IndefiniteFence, block.ReportDiagnostic, block.CancellationToken);
                }
                else if (block.OwningSymbol is IMethodSymbol owner && (facts.Dependencies.Count > 0 || facts.RunsDelegates))
                {
                    deferred.Enqueue(owner);
                }
            });

            start.RegisterCompilationEndAction(end =>
            {
                // A body can be gated through calls only if a call reaches a fence (an indefinite wait is a fence event).
                HashSet<IMethodSymbol> reaching = summaries.ReachingFences(end.CancellationToken);
                foreach (IMethodSymbol method in deferred.Where(reaching.Contains).OrderBy(m => m.Locations.FirstOrDefault() ?? Location.None, Graph.FenceGraph.SourceOrder))
                {
                    BodyFacts facts = summaries.FactsOf(method, end.CancellationToken);
                    if (Gates.CallsAnIndefiniteWaiter(facts, summaries, end.CancellationToken))
                    {
                        // Its gates are read from its steps, recorded only where a rule needs them (see BodyFacts.StepsRecorded).
                        Report(summaries.RecordedFactsOf(method, end.CancellationToken), summaries, Descriptors.IndefiniteFenceThroughCalls, end.ReportDiagnostic, end.CancellationToken);
                    }
                }
            });
        }

        private static void Report(
            BodyFacts facts, MethodSummaries summaries, DiagnosticDescriptor descriptor, System.Action<Diagnostic> report, System.Threading.CancellationToken cancellationToken)
        {
            foreach ((Step step, Gate gate, IMethodSymbol? through, DelegateHop? via) in Gates.Signals(facts, summaries, cancellationToken))
            {
                if (through is null)
                {
                    report(Diagnostic.Create(descriptor, step.Site, new[] { gate.At }, $"'{step.Syntax}' signals a bounded fence", GateText.Describe(gate)));
                    continue;
                }

                (string text, List<Location> hops) = CallChains.DescribeCall(summaries, through, EffectKind.Signal, via);
                var locations = new List<Location> { gate.At };
                locations.AddRange(hops);
                report(Diagnostic.Create(descriptor, step.Site, locations, $"{text} signals a bounded fence", GateText.Describe(gate)));
            }
        }
    }
}
