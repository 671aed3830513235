using Microsoft.CodeAnalysis.Diagnostics;

namespace FenceGuard.Analyzers
{
    /// <summary>
    /// The shape every FenceGuard analyzer shares: concurrent, generated code skipped, the runtime's symbols resolved
    /// once per compilation, and nothing registered at all when the compilation does not reference FenceGuard.
    /// </summary>
    public abstract class FenceGuardAnalyzer : DiagnosticAnalyzer
    {
        public sealed override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                if (KnownSymbols.TryCreate(start.Compilation) is { } symbols)
                {
                    OnFenceGuardCompilation(start, symbols);
                }
            });
        }

        /// <summary>Registers the analyzer's actions for a compilation that references FenceGuard.</summary>
        private protected abstract void OnFenceGuardCompilation(CompilationStartAnalysisContext start, KnownSymbols symbols);
    }
}
