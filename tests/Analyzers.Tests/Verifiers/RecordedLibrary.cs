using System.Collections.Immutable;
using System.Threading;
using FenceGuard.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace FenceGuard.Analyzers.Tests.Verifiers;

/// <summary>
/// A library built as a command-line build with FenceGuard builds it: compiled to an image (a metadata reference), with
/// the summaries FG9001 recorded for it, which the build targets write beside it as <c>Name.fenceguard</c>.
/// </summary>
internal sealed class RecordedLibrary
{
    private RecordedLibrary(string name, MetadataReference image, string? summaries)
    {
        Name = name;
        Image = image;
        Summaries = summaries;
    }

    public string Name { get; }

    public MetadataReference Image { get; }

    /// <summary>FG9001's recorded text; null when the build recorded nothing.</summary>
    public string? Summaries { get; }

    /// <summary>The library's summary file, as the consumer's build passes it.</summary>
    public (string Path, SourceText Text) SideCar => ($"/lib/{Name}.fenceguard", SourceText.From(Summaries ?? string.Empty));

    /// <summary>Compiles <paramref name="source"/> as assembly <paramref name="name"/> and records its summaries (a build with the marker file).</summary>
    public static RecordedLibrary Build(string name, string source, bool record = true)
    {
        CSharpCompilation compilation = CSharpCompilation.Create(
            name,
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), $"/lib/{name}.cs") },
            TestCompilations.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        MetadataReference image = TestCompilations.Emit(compilation);
        ImmutableArray<Diagnostic> diagnostics = Analyze(compilation, record);
        string? summaries = diagnostics.SingleOrDefault(d => d.Id == "FG9001")?.Properties["fenceguard.summaries"];
        return new RecordedLibrary(name, image, summaries);
    }

    /// <summary>AssemblySummaryAnalyzer's diagnostics over a compilation, with the marker file when <paramref name="record"/>.</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation, bool record, params AdditionalText[] more)
    {
        ImmutableArray<AdditionalText> files = record ? ImmutableArray.Create<AdditionalText>(new Text("/obj/" + FenceGuardCompilation.RecordSummariesFile, "")) : ImmutableArray<AdditionalText>.Empty;
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(files.AddRange(more)), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
        return compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new AssemblySummaryAnalyzer()), options)
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>An additional file in memory.</summary>
    internal sealed class Text : AdditionalText
    {
        private readonly string _text;

        public Text(string path, string text)
        {
            Path = path;
            _text = text;
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(_text);
    }
}
