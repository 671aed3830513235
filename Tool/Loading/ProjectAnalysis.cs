using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FenceGuard.Tool.Graph;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace FenceGuard.Tool.Loading
{
    /// <summary>
    /// Runs the FenceGuard analyzers a project references (its analyzer references, as the build loads them) over its
    /// compilation, with its own options (<c>.editorconfig</c>, additional files), plus the marker that asks for the graph
    /// (FG9003): one analysis gives both the findings and the picture.
    /// </summary>
    internal static class ProjectAnalysis
    {
        private const string GraphMarker = "FenceGuard.ExportGraph";

        public static async Task<ProjectResult> RunAsync(Project project, CancellationToken cancellationToken)
        {
            ImmutableArray<DiagnosticAnalyzer> analyzers = project.AnalyzerReferences
                .SelectMany(reference => reference.GetAnalyzers(LanguageNames.CSharp))
                .Where(analyzer => analyzer.GetType().Namespace?.StartsWith("FenceGuard.Analyzers", StringComparison.Ordinal) == true)
                .ToImmutableArray();
            Compilation? compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null || analyzers.IsEmpty)
            {
                int errors = compilation?.GetDiagnostics(cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error) ?? 0;
                return new ProjectResult(project.Name, Array.Empty<Diagnostic>(), null, errors, referencesFenceGuard: false);
            }

            var options = new AnalyzerOptions(project.AnalyzerOptions.AdditionalFiles.Add(new Marker()), project.AnalyzerOptions.AnalyzerConfigOptionsProvider);
            CompilationWithAnalyzers analysis = compilation.WithAnalyzers(analyzers,
                new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
            ImmutableArray<Diagnostic> all = await analysis.GetAllDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            Diagnostic[] findings = all.Where(d => d.Id.StartsWith("FG0", StringComparison.Ordinal) || d.Id == "AD0001")
                .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).ToArray();
            string? graph = all.FirstOrDefault(d => d.Id == "FG9003")?.Properties.GetValueOrDefault("fenceguard.graph");
            int compilerErrors = all.Count(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("FG", StringComparison.Ordinal) && d.Id != "AD0001");
            return new ProjectResult(project.Name, findings, GraphModel.Parse(project.Name, graph ?? string.Empty), compilerErrors, referencesFenceGuard: true);
        }

        private sealed class Marker : AdditionalText
        {
            public override string Path => "/fenceguard-tool/" + GraphMarker;

            public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(string.Empty);
        }
    }
}
