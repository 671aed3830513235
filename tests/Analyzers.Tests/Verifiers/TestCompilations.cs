using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace FenceGuard.Analyzers.Tests.Verifiers;

/// <summary>Compilations for the layer tests: net10.0 references plus the FenceGuard runtime, as the analyzer tests have them.</summary>
internal static class TestCompilations
{
    public static readonly ImmutableArray<MetadataReference> References =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(FenceGuard.Fence).Assembly.Location))
            .ToImmutableArray();

    /// <summary>A library of the given sources (Test0.cs, Test1.cs, ...), with <paramref name="extra"/> references too.</summary>
    public static CSharpCompilation Create(string[] sources, params MetadataReference[] extra) =>
        CSharpCompilation.Create(
            "TestAssembly",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), $"Test{i}.cs")),
            References.AddRange(extra),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static CSharpCompilation Create(string source) => Create(new[] { source });

    /// <summary>The emitted image of a compilation that must compile, as a metadata reference.</summary>
    public static MetadataReference Emit(CSharpCompilation compilation)
    {
        using var stream = new System.IO.MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    /// <summary>The analyzer's diagnostics and telemetry (how many actions it registered) on <paramref name="compilation"/>.</summary>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, AnalyzerTelemetryInfo Telemetry)> AnalyzeAsync(Compilation compilation, DiagnosticAnalyzer analyzer)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null,
            concurrentAnalysis: true, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false);
        CompilationWithAnalyzers analysis = compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options);
        ImmutableArray<Diagnostic> diagnostics = await analysis.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        AnalyzerTelemetryInfo telemetry = await analysis.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
        return (diagnostics, telemetry);
    }
}
