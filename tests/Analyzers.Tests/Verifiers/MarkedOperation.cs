using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FenceGuard.Analyzers.Tests.Verifiers;

/// <summary>
/// A snippet for the layer tests with one span marked <c>[|...|]</c>: its compilation, the runtime's symbols, and the
/// operation of the first syntax node with exactly that span (an implicit boxing of it, when there is one).
/// </summary>
internal sealed class MarkedOperation
{
    private MarkedOperation(CSharpCompilation compilation, KnownSymbols symbols, IOperation operation)
    {
        Compilation = compilation;
        Symbols = symbols;
        Operation = operation;
        Api = new FenceApi(symbols);
    }

    public CSharpCompilation Compilation { get; }

    public KnownSymbols Symbols { get; }

    public FenceApi Api { get; }

    public IOperation Operation { get; }

    /// <summary>Compiles <paramref name="markup"/> (using FenceGuard and System.Threading.Tasks) and finds the marked operation.</summary>
    public static MarkedOperation In(string markup)
    {
        string text = "using System; using System.Threading; using System.Threading.Tasks; using FenceGuard;\n" + markup;
        int start = text.IndexOf("[|", StringComparison.Ordinal);
        int end = text.IndexOf("|]", StringComparison.Ordinal) - 2;
        Assert.True(start >= 0 && end >= start, "the snippet marks one span with [| |]");
        string source = text.Replace("[|", "", StringComparison.Ordinal).Replace("|]", "", StringComparison.Ordinal);
        CSharpCompilation compilation = TestCompilations.Create(source);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        SemanticModel model = compilation.GetSemanticModel(tree);
        SyntaxNode node = tree.GetRoot().DescendantNodes().First(n => n.SpanStart == start && n.Span.End == end && model.GetOperation(n) is not null);
        KnownSymbols symbols = KnownSymbols.TryCreate(compilation, System.Threading.CancellationToken.None) ?? throw new InvalidOperationException("the runtime is referenced");
        IOperation operation = model.GetOperation(node)!;
        if (operation.Parent is Microsoft.CodeAnalysis.Operations.IConversionOperation { IsImplicit: true, Type.IsReferenceType: true } boxing && boxing.Syntax == operation.Syntax && operation.Type is { IsValueType: true })
        {
            operation = boxing; // an implicit boxing shares its operand's syntax: the marked operation is the boxing
        }

        return new MarkedOperation(compilation, symbols, operation);
    }
}
