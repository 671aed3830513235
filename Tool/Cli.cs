using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FenceGuard.Tool.Checking;
using FenceGuard.Tool.Graph;
using FenceGuard.Tool.Loading;
using FenceGuard.Tool.Rendering;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace FenceGuard.Tool
{
    /// <summary>
    /// The commands, runnable in-process (the tests call <see cref="RunAsync"/> with their own writers):
    /// <c>fenceguard graph PATH [--format svg|dot|mermaid|html] [--output FILE] [--project NAME] [--all]</c> and
    /// <c>fenceguard check PATH [--sarif FILE] [--severity-threshold warning|error]</c>. MSBuild must be registered
    /// before this type is loaded (<see cref="Program"/>).
    /// </summary>
    internal sealed class Cli
    {
        public const string Usage = """
            usage:
              fenceguard graph PATH [--format svg|dot|mermaid|html] [--output FILE] [--project NAME] [--all]
              fenceguard check PATH [--sarif FILE] [--severity-threshold warning|error]
            PATH is a .csproj, a .sln or .slnx, or a folder holding one.
            """;

        private readonly TextWriter _out;
        private readonly TextWriter _error;
        private readonly bool _interactive;

        public Cli(TextWriter output, TextWriter error, bool interactive)
        {
            _out = output;
            _error = error;
            _interactive = interactive;
        }

        public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                _out.WriteLine(Usage);
                return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success;
            }

            if (args[0] is "--version")
            {
                _out.WriteLine(typeof(Cli).Assembly.GetName().Version?.ToString(3));
                return ExitCodes.Success;
            }

            if (args[0] is not ("graph" or "check") || args.Length < 2 || args[1].StartsWith("--", StringComparison.Ordinal))
            {
                return Fail(ExitCodes.Usage, args[0] is "graph" or "check" ? $"'{args[0]}' needs a PATH." : $"Unknown command '{args[0]}'.");
            }

            Dictionary<string, string?>? options = Options(args.Skip(2).ToArray(), args[0] == "graph"
                ? new[] { "--format", "--output", "--project", "--all" }
                : new[] { "--sarif", "--severity-threshold" }, out string? optionError);
            if (options is null)
            {
                return Fail(ExitCodes.Usage, optionError!);
            }

            if (ProjectPaths.Resolve(args[1], out string? pathError) is not { } path)
            {
                return Fail(ExitCodes.PathNotFound, pathError!);
            }

            List<ProjectResult>? projects = await AnalyzeAsync(path, options.GetValueOrDefault("--project"), cancellationToken).ConfigureAwait(false);
            if (projects is null)
            {
                return ExitCodes.LoadFailed;
            }

            return args[0] == "graph" ? Graph(projects, options) : Check(projects, options);
        }

        private int Graph(List<ProjectResult> projects, Dictionary<string, string?> options)
        {
            string format = options.GetValueOrDefault("--format") ?? "svg";
            if (format is not ("svg" or "dot" or "mermaid" or "html"))
            {
                return Fail(ExitCodes.Usage, $"Unknown format '{format}': use svg, dot, mermaid or html.");
            }

            bool all = options.ContainsKey("--all");
            List<GraphModel> graphs = projects.Where(p => p.Graph is not null).Select(p => p.Graph!.Relevant(all)).Where(g => !g.IsEmpty).ToList();
            if (graphs.Count == 0)
            {
                _error.WriteLine(projects.Any(p => p.Graph is { IsEmpty: false })
                    ? "No fence graph component holds a finding: use --all to draw the whole graph."
                    : "No fences found: the projects reference no FenceGuard fences, locks or sections (or do not reference FenceGuard).");
            }

            string text;
            string dot = DotWriter.Write(graphs);
            switch (format)
            {
                case "dot":
                    text = dot;
                    break;
                case "mermaid":
                    text = MermaidWriter.Write(graphs);
                    break;
                default:
                    if (Rendering.Graphviz.ToSvg(dot, out string? error) is not { } svg)
                    {
                        return Fail(ExitCodes.GraphvizMissing, error!);
                    }

                    text = format == "svg" ? svg : HtmlWriter.Write(svg, projects);
                    break;
            }

            if (options.GetValueOrDefault("--output") is { } output)
            {
                File.WriteAllText(output, text);
                _out.WriteLine($"wrote {output} ({graphs.Sum(g => g.Nodes.Count)} nodes, {graphs.Sum(g => g.Edges.Count)} edges, {graphs.Sum(g => g.Cycles.Count)} cycles and inversions)");
            }
            else
            {
                _out.Write(text);
            }

            return ExitCodes.Success;
        }

        private int Check(List<ProjectResult> projects, Dictionary<string, string?> options)
        {
            string threshold = options.GetValueOrDefault("--severity-threshold") ?? "error";
            if (threshold is not ("warning" or "error"))
            {
                return Fail(ExitCodes.Usage, $"Unknown threshold '{threshold}': use warning or error.");
            }

            List<Diagnostic> findings = projects.SelectMany(p => p.Findings).ToList();
            _out.WriteLine();
            _out.WriteLine($"{"rule",-8} {"count",5}  first location");
            foreach (IGrouping<string, Diagnostic> rule in findings.GroupBy(f => f.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                FileLinePositionSpan first = rule.First().Location.GetLineSpan();
                _out.WriteLine($"{rule.Key,-8} {rule.Count(),5}  {Path.GetFileName(first.Path)}:{first.StartLinePosition.Line + 1}");
            }

            DiagnosticSeverity gate = threshold == "warning" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error;
            int reaching = findings.Count(f => f.Severity >= gate);
            _out.WriteLine($"{findings.Count} findings in {projects.Count} projects; {reaching} at or above '{threshold}'.");
            if (options.GetValueOrDefault("--sarif") is { } sarif)
            {
                SarifWriter.Write(sarif, projects, typeof(Cli).Assembly.GetName().Version?.ToString(3) ?? "0");
                _out.WriteLine($"wrote {sarif}");
            }

            return reaching > 0 ? ExitCodes.FindingsAtThreshold : ExitCodes.Success;
        }

        /// <summary>Restores, loads and analyses every C# project of <paramref name="path"/>; null when loading failed (said on the error writer).</summary>
        private async Task<List<ProjectResult>?> AnalyzeAsync(string path, string? only, CancellationToken cancellationToken)
        {
            Progress($"restoring {Path.GetFileName(path)}");
            if (Restore(path) is { } restoreError)
            {
                Fail(ExitCodes.LoadFailed, restoreError);
                return null;
            }

            using MSBuildWorkspace workspace = MSBuildWorkspace.Create();
            var failures = new List<string>();
#pragma warning disable CS0618 // WorkspaceFailed: the one failure hook of Roslyn 4.11's MSBuildWorkspace
            workspace.WorkspaceFailed += (_, e) =>
            {
                if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure)
                {
                    failures.Add(e.Diagnostic.Message);
                }
            };
#pragma warning restore CS0618
            Progress($"loading {Path.GetFileName(path)}");
            List<Project> projects;
            try
            {
                projects = path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)
                    ? new List<Project> { await workspace.OpenProjectAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false) }
                    : (await workspace.OpenSolutionAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false)).Projects.ToList();
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or ArgumentException)
            {
                Fail(ExitCodes.LoadFailed, $"'{path}' failed to load: {e.Message}");
                return null;
            }

            projects = projects.Where(p => p.Language == LanguageNames.CSharp && (only is null || string.Equals(p.Name, only, StringComparison.OrdinalIgnoreCase)))
                .GroupBy(p => p.FilePath).Select(g => g.First()).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
            if (projects.Count == 0)
            {
                Fail(ExitCodes.LoadFailed, only is null ? $"'{path}' loaded no C# project{(failures.Count > 0 ? ": " + failures[0] : ".")}" : $"No project named '{only}' in '{path}'.");
                return null;
            }

            var results = new List<ProjectResult>();
            for (int i = 0; i < projects.Count; i++)
            {
                Progress($"[{i + 1}/{projects.Count}] analysing {projects[i].Name}");
                ProjectResult result = await ProjectAnalysis.RunAsync(projects[i], cancellationToken).ConfigureAwait(false);
                if (!result.ReferencesFenceGuard)
                {
                    Note($"{result.Name}: does not reference FenceGuard's analyzers; skipped.");
                }
                else if (result.CompilerErrors > 0)
                {
                    Note($"{result.Name}: has {result.CompilerErrors} compiler errors; analysed anyway, findings may be incomplete.");
                }

                results.Add(result);
            }

            Progress(null);
            return results;
        }

        /// <summary><c>dotnet restore</c> of the path, quietly; the reason when it fails.</summary>
        private static string? Restore(string path)
        {
            var start = new ProcessStartInfo("dotnet", $"restore \"{path}\" -v q -nologo")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using Process process = Process.Start(start)!;
            Task<string> error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode == 0)
            {
                return null;
            }

            string why = (output + error.GetAwaiter().GetResult()).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? "dotnet restore failed";
            return $"'{Path.GetFileName(path)}' failed to restore: {why}";
        }

        private static Dictionary<string, string?>? Options(string[] args, string[] known, out string? error)
        {
            error = null;
            var options = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (int i = 0; i < args.Length; i++)
            {
                if (!known.Contains(args[i]))
                {
                    error = $"Unknown option '{args[i]}'.";
                    return null;
                }

                if (args[i] == "--all")
                {
                    options[args[i]] = null;
                    continue;
                }

                if (i + 1 >= args.Length)
                {
                    error = $"'{args[i]}' needs a value.";
                    return null;
                }

                options[args[i]] = args[++i];
            }

            return options;
        }

        private void Progress(string? what)
        {
            if (_interactive)
            {
                _error.Write(what is null ? "\r\u001b[2K" : $"\r\u001b[2K{what}");
            }
            else if (what is not null)
            {
                _error.WriteLine(what);
            }
        }

        private void Note(string what)
        {
            Progress(null);
            _error.WriteLine(what);
        }

        private int Fail(int code, string message)
        {
            Progress(null);
            _error.WriteLine("fenceguard: " + message);
            return code;
        }
    }
}
