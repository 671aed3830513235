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
            (ImmutableArray<Diagnostic> failures, _) = TestCompilations.AnalyzeAsync(Compilation, capture).GetAwaiter().GetResult();
            Assert.Empty(failures);
            _driverBlocks = capture.Blocks;
        }

        Assert.True(_driverBlocks.TryGetValue(owner.GetDocumentationCommentId()!, out List<SyntaxNode>? syntax), $"the driver handed over no blocks of {owner}");
        return syntax!.Select(node => Compilation.GetSemanticModel(node.SyntaxTree).GetOperation(node)!).ToImmutableArray();
    }

    private System.Collections.Concurrent.ConcurrentDictionary<string, List<SyntaxNode>>? _driverBlocks;
}
