using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using FenceGuard.Tool.Loading;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Tool.Checking
{
    /// <summary>SARIF 2.1.0: one run, the rules found, and each finding with its location and additional locations.</summary>
    internal static class SarifWriter
    {
        public static void Write(string path, IReadOnlyList<ProjectResult> projects, string version)
        {
            using FileStream file = File.Create(path);
            using var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
            List<Diagnostic> findings = projects.SelectMany(p => p.Findings).ToList();
            json.WriteStartObject();
            json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "fenceguard");
            json.WriteString("version", version);
            json.WriteString("informationUri", "https://github.com/fenceguard/fenceguard");
            json.WriteStartArray("rules");
            foreach (DiagnosticDescriptor rule in findings.Select(f => f.Descriptor).GroupBy(d => d.Id).Select(g => g.First()).OrderBy(d => d.Id, System.StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("id", rule.Id);
                json.WriteStartObject("shortDescription");
                json.WriteString("text", rule.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
                json.WriteEndObject();
                json.WriteString("helpUri", rule.HelpLinkUri);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("results");
            foreach (Diagnostic finding in findings)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", finding.Id);
                json.WriteString("level", finding.Severity == DiagnosticSeverity.Error ? "error" : finding.Severity == DiagnosticSeverity.Warning ? "warning" : "note");
                json.WriteStartObject("message");
                json.WriteString("text", finding.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
                json.WriteEndObject();
                json.WriteStartArray("locations");
                Location(json, finding.Location);
                json.WriteEndArray();
                if (finding.AdditionalLocations.Count > 0)
                {
                    json.WriteStartArray("relatedLocations");
                    foreach (Microsoft.CodeAnalysis.Location related in finding.AdditionalLocations)
                    {
                        Location(json, related);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        private static void Location(Utf8JsonWriter json, Microsoft.CodeAnalysis.Location location)
        {
            FileLinePositionSpan span = location.GetLineSpan();
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            json.WriteString("uri", span.Path is { Length: > 0 } file ? new System.Uri(Path.GetFullPath(file)).AbsoluteUri : "");
            json.WriteEndObject();
            json.WriteStartObject("region");
            json.WriteNumber("startLine", span.StartLinePosition.Line + 1);
            json.WriteNumber("startColumn", span.StartLinePosition.Character + 1);
            json.WriteNumber("endLine", span.EndLinePosition.Line + 1);
            json.WriteNumber("endColumn", span.EndLinePosition.Character + 1);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
    }
}
