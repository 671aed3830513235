using Microsoft.CodeAnalysis.Diagnostics;

namespace FenceGuard.Analyzers.Rules
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
                FenceGuardCompilation state = FenceGuardCompilation.Get(start.Compilation, start.Options, start.CancellationToken);
                if (state.Symbols is not null)
                {
                    OnFenceGuardCompilation(start, state);
                }
            });
        }

        /// <summary>Registers the analyzer's actions for a compilation that references FenceGuard (shared state in <paramref name="state"/>).</summary>
        private protected abstract void OnFenceGuardCompilation(CompilationStartAnalysisContext start, FenceGuardCompilation state);
    }
}
