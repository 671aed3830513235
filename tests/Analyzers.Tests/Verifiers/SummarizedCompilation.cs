using System.Threading;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Summaries;
using FenceGuard.Analyzers.Symbols;
using Microsoft.CodeAnalysis;

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

    /// <summary>A method's facts walked from the operation blocks the driver would hand over (not bound on demand).</summary>
    public FenceGuard.Analyzers.Facts.BodyFacts DriverFactsOf(string name)
    {
        IMethodSymbol method = Method(name);
        SyntaxNode declaration = method.DeclaringSyntaxReferences.Single().GetSyntax();
        IOperation body = Compilation.GetSemanticModel(declaration.SyntaxTree).GetOperation(declaration)!;
        return Summaries.FactsOf(method, System.Collections.Immutable.ImmutableArray.Create(body), CancellationToken.None);
    }
}
