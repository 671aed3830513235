using System.Collections.Generic;
using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using FenceGuard.Analyzers.Tests.Verifiers;

namespace FenceGuard.Analyzers.Tests.Architecture;

/// <summary>
/// The analyzer's layers point one way: symbols → operations → regions → facts → summaries → graph → reporting → rules.
/// The analyzer project's sources are compiled here with Roslyn, every name in them is bound, and a reference from a
/// file to a type of a higher layer fails the test. Each folder is one layer and one namespace.
/// </summary>
public class LayerTests
{
    private static readonly string[] Layers = { "Symbols", "Operations", "Regions", "Facts", "Summaries", "Graph", "Reporting", "Rules" };

    private static readonly Lazy<(CSharpCompilation Compilation, string Root)> Sources = new(() =>
    {
        string root = Path.Combine(Repository.Root(), "Analyzers");
        SyntaxTree[] trees = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                        !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Latest), f))
            .ToArray();
        IEnumerable<MetadataReference> references = TestCompilations.References
            .Concat(new[] { typeof(Compilation), typeof(CSharpCompilation), typeof(QuikGraph.BidirectionalGraph<,>) }
                .Select(t => MetadataReference.CreateFromFile(t.Assembly.Location)));
        var compilation = CSharpCompilation.Create("LayerCheck", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return (compilation, root);
    });

    [Fact]
    public void TheAnalyzerSources_CompileHere_SoEveryNameIsBound()
    {
        Diagnostic[] errors = Sources.Value.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, string.Join("\n", errors.Take(10)));
    }

    [Fact]
    public void EveryFile_IsInALayerFolder_AndItsNamespaceIsTheFolders()
    {
        (CSharpCompilation compilation, string root) = Sources.Value;
        var wrong = new List<string>();
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            string folder = Path.GetRelativePath(root, Path.GetDirectoryName(tree.FilePath)!);
            string? declared = tree.GetRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString();
            if (Array.IndexOf(Layers, folder) < 0 || declared != "FenceGuard.Analyzers." + folder)
            {
                wrong.Add($"{Path.GetRelativePath(root, tree.FilePath)} (namespace {declared})");
            }
        }

        Assert.True(wrong.Count == 0, "not in a layer folder, or its namespace is not the folder's: " + string.Join(", ", wrong));
    }

    [Fact]
    public void EveryFile_HoldsOneTopLevelType()
    {
        var crowded = Sources.Value.Compilation.SyntaxTrees
            .Select(t => (t.FilePath, Count: t.GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Count(d => d.Parent is BaseNamespaceDeclarationSyntax)))
            .Where(x => x.Count != 1)
            .Select(x => $"{Path.GetFileName(x.FilePath)} ({x.Count})")
            .ToList();
        Assert.True(crowded.Count == 0, "files with other than one type: " + string.Join(", ", crowded));
    }

    [Fact]
    public void NoLayer_ReferencesAHigherOne()
    {
        CSharpCompilation compilation = Sources.Value.Compilation;
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            int own = LayerOf(tree.GetRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().First().Name.ToString());
            foreach (SimpleNameSyntax name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                ISymbol? symbol = model.GetSymbolInfo(name).Symbol ?? model.GetSymbolInfo(name).CandidateSymbols.FirstOrDefault();
                INamedTypeSymbol? type = symbol as INamedTypeSymbol ?? symbol?.ContainingType;
                if (type is null)
                {
                    continue;
                }

                int referenced = LayerOf(type.ContainingNamespace.ToDisplayString());
                if (referenced > own)
                {
                    violations.Add($"{Path.GetFileName(tree.FilePath)} ({Layers[own]}) uses {type.Name} ({Layers[referenced]})");
                }
            }
        }

        Assert.True(violations.Count == 0, "lower layers referencing higher ones:\n" + string.Join("\n", violations));
    }

    [Theory]
    [InlineData("FenceGuard.Analyzers.Symbols", 0)]
    [InlineData("FenceGuard.Analyzers.Facts", 3)]
    [InlineData("FenceGuard.Analyzers.Rules", 7)]
    [InlineData("Microsoft.CodeAnalysis", -1)]
    [InlineData("FenceGuard", -1)]
    public void LayerOf_RanksOnlyTheAnalyzersOwnNamespaces(string ns, int expected)
    {
        Assert.Equal(expected, LayerOf(ns));
    }

    /// <summary>The rank of a namespace's layer, or -1 outside the analyzer's layers (Roslyn, the BCL, the runtime).</summary>
    private static int LayerOf(string ns)
    {
        const string Prefix = "FenceGuard.Analyzers.";
        if (!ns.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return -1;
        }

        string layer = ns.Substring(Prefix.Length).Split('.')[0];
        return Array.IndexOf(Layers, layer);
    }
}
