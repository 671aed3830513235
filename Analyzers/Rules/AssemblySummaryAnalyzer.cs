using System.Collections.Immutable;
using FenceGuard.Analyzers.Reporting;
using FenceGuard.Analyzers.Summaries;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FenceGuard.Analyzers.Rules
{
    /// <summary>
    /// The compilation's summaries for other assemblies, and what it could not use of theirs:
    /// <list type="bullet">
    /// <item>FG9001, in a build that records summaries (<see cref="FenceGuardCompilation.RecordSummariesFile"/>): one
    /// note at the end of the compilation whose property <see cref="Descriptors.SummariesProperty"/> carries every
    /// exported member's summary and the fence graph (<see cref="SummaryExport"/>); the package's build targets write it
    /// beside the assembly;</item>
    /// <item>FG9002: once per referenced summary file of another format version, or damaged.</item>
    /// </list>
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AssemblySummaryAnalyzer : FenceGuardAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SummariesRecorded, Descriptors.SummariesIgnored);

        private protected override void OnFenceGuardCompilation(CompilationStartAnalysisContext start, FenceGuardCompilation state)
        {
            MethodSummaries summaries = state.Summaries!;
            if (state.RecordsSummaries)
            {
                // Every body is walked (once, shared with the rules) before the end, so the recorded graph is the whole compilation's.
                start.RegisterOperationBlockAction(block =>
                {
                    if (block.OwningSymbol is IMethodSymbol)
                    {
                        summaries.FactsOf(block.OwningSymbol, block.OperationBlocks, block.CancellationToken);
                    }
                });
                start.RegisterCompilationEndAction(end =>
                {
                    (string text, int members) = SummaryExport.Record(end.Compilation, summaries, end.CancellationToken);
                    ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty.Add(Descriptors.SummariesProperty, text);
                    end.ReportDiagnostic(Diagnostic.Create(Descriptors.SummariesRecorded, Location.None, properties, members, end.Compilation.AssemblyName));
                });
            }

            if (state.Referenced.Assemblies.SideCars.Count > 0)
            {
                start.RegisterCompilationEndAction(end =>
                {
                    foreach ((string assembly, string problem) in state.Referenced.Problems(end.CancellationToken))
                    {
                        end.ReportDiagnostic(Diagnostic.Create(Descriptors.SummariesIgnored, Location.None, assembly, problem));
                    }
                });
            }
        }
    }
}
