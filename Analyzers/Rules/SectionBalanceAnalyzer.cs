using System.Collections.Immutable;
using FenceGuard.Analyzers.Regions;
using FenceGuard.Analyzers.Reporting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FenceGuard.Analyzers.Rules
{
    /// <summary>
    /// FG0006: every <c>Fence.BeginSignalling()</c> is ended exactly once, on every path including exceptions, where it
    /// began. The body's imbalances are facts of its one walk (<see cref="SectionBalance"/>); this rule reports them.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SectionBalanceAnalyzer : FenceGuardAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnbalancedSection);

        private protected override void OnFenceGuardCompilation(CompilationStartAnalysisContext start, FenceGuardCompilation state) =>
            start.RegisterOperationBlockAction(block =>
            {
                foreach (Imbalance imbalance in state.Summaries!.FactsOf(block.OwningSymbol, block.OperationBlocks, block.CancellationToken).Imbalances)
                {
                    (string what, string why) = Descriptors.UnbalancedSectionText.For(imbalance);
                    block.ReportDiagnostic(Diagnostic.Create(Descriptors.UnbalancedSection, imbalance.Location, what, why));
                }
            });
    }
}
