using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FenceGuard.Analyzers.Tests.Verifiers;

/// <summary>
/// A test probe, never shipped: records the syntax of the blocks the analyzer driver hands every operation block action,
/// by the owner's documentation ID (<see cref="SummarizedCompilation.DriverBlocks"/>).
/// </summary>
#pragma warning disable RS1036, RS1038, RS1041 // a probe in a test assembly
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class BlockCapture : DiagnosticAnalyzer
#pragma warning restore RS1036, RS1038, RS1041
{
#pragma warning disable RS2008 // a probe: it reports nothing
    private static readonly DiagnosticDescriptor Unused = new DiagnosticDescriptor("CAPTURE", "capture", "capture", "Test", DiagnosticSeverity.Hidden, isEnabledByDefault: true);
#pragma warning restore RS2008

    public ConcurrentDictionary<string, List<SyntaxNode>> Blocks { get; } = new ConcurrentDictionary<string, List<SyntaxNode>>();

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Unused);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterOperationBlockAction(block =>
            Blocks[block.OwningSymbol.GetDocumentationCommentId()!] = block.OperationBlocks.Select(operation => operation.Syntax).ToList());
    }
}
