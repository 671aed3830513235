using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Benchmarks;

/// <summary>
/// A reference point, not a rule: visits every operation of every method body once and does nothing else. Its time is
/// the floor for any analyzer that looks at whole method bodies through IOperation, as FenceGuard's graph must.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class WalkFloorAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new("BENCH0001", "never reported", "never reported", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public static long Visited;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationBlockAction(block =>
        {
            long count = 0;
            foreach (IOperation root in block.OperationBlocks)
            {
                foreach (IOperation _ in root.DescendantsAndSelf())
                {
                    count++;
                }
            }

            Interlocked.Add(ref Visited, count);
        });
    }
}
