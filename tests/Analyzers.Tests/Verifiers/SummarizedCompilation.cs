using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Summaries;
using FenceGuard.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FenceGuard.Analyzers.Tests.Verifiers;

/// <summary>A compilation of one source and its method summaries, built as the analyzers build them (for the summary and graph tests).</summary>
internal sealed class SummarizedCompilation
{
    private SummarizedCompilation(Compilation compilation, MethodSummaries summaries)
    {
        Compilation = compilation;
        Summaries = summaries;
    }

    public Compilation Compilation { get; }

    public MethodSummaries Summaries { get; }

    public static SummarizedCompilation For(string source)
    {
        Compilation compilation = TestCompilations.Create(source);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        KnownSymbols symbols = KnownSymbols.TryCreate(compilation, CancellationToken.None)!;
        var api = new FenceApi(symbols);
        return new SummarizedCompilation(compilation, new MethodSummaries(compilation, symbols, new EffectClassifier(symbols, api), api, _ => EffectLists.BuiltIn));
    }

    public IMethodSymbol Method(string name) => Compilation.GetSymbolsWithName(name).OfType<IMethodSymbol>().Single();

    /// <summary>A method's facts walked from the operation blocks the analyzer driver hands over (<see cref="DriverBlocks"/>), not bound on demand.</summary>
    public FenceGuard.Analyzers.Facts.BodyFacts DriverFactsOf(string name)
    {
        IMethodSymbol method = Method(name);
        return Summaries.FactsOf(method, DriverBlocks(method), CancellationToken.None);
    }

    /// <summary>
    /// The operation blocks the analyzer driver hands an operation block action for <paramref name="owner"/>: its
    /// executable blocks (a block or expression body, a constructor initializer, parameter defaults, attributes). A real
    /// analyzer run over the source says which syntax it hands over (the driver analyses a copy of the compilation, whose
    /// symbols are not this one's); the operations are this compilation's for the same syntax.
    /// </summary>
    public ImmutableArray<IOperation> DriverBlocks(ISymbol owner)
    {
        if (_driverBlocks is null)
        {
            var capture = new BlockCapture();
            var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
            ImmutableArray<Diagnostic> failures = Compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(capture), options).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            Assert.Empty(failures);
            _driverBlocks = capture.Blocks;
        }

        Assert.True(_driverBlocks.TryGetValue(owner.GetDocumentationCommentId()!, out List<SyntaxNode>? syntax), $"the driver handed over no blocks of {owner}");
        return syntax!.Select(node => Compilation.GetSemanticModel(node.SyntaxTree).GetOperation(node)!).ToImmutableArray();
    }

    private Dictionary<string, List<SyntaxNode>>? _driverBlocks;

    /// <summary>Records the syntax of every operation block action's blocks, by owner (a test probe, run serially, never shipped).</summary>
#pragma warning disable RS1026, RS1036, RS1038, RS1041
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class BlockCapture : DiagnosticAnalyzer
#pragma warning restore RS1026, RS1036, RS1038, RS1041
    {
        public Dictionary<string, List<SyntaxNode>> Blocks { get; } = new Dictionary<string, List<SyntaxNode>>();

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
            ImmutableArray.Create(new DiagnosticDescriptor("CAPTURE", "capture", "capture", "Test", DiagnosticSeverity.Hidden, isEnabledByDefault: true));

#pragma warning disable RS1026
        public override void Initialize(AnalysisContext context)
#pragma warning restore RS1026
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
            context.RegisterOperationBlockAction(block =>
                Blocks[block.OwningSymbol.GetDocumentationCommentId()!] = block.OperationBlocks.Select(operation => operation.Syntax).ToList());
        }
    }
}
