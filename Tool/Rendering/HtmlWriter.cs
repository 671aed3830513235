using System.Collections.Generic;
using System.Net;
using System.Text;
using FenceGuard.Tool.Loading;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Tool.Rendering
{
    /// <summary>One self-contained HTML file: the picture (inline SVG) and a table of the findings, each linked to its rule page.</summary>
    internal static class HtmlWriter
    {
        public static string Write(string svg, IReadOnlyList<ProjectResult> projects)
        {
            var text = new StringBuilder();
            text.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>FenceGuard fence graph</title>");
            text.AppendLine("<style>body{font-family:Helvetica,Arial,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f5f5f5}.error{color:#c62828}</style></head><body>");
            text.AppendLine("<h1>FenceGuard fence graph</h1>");
            int start = svg.IndexOf("<svg", System.StringComparison.Ordinal);
            text.AppendLine(start >= 0 ? svg.Substring(start) : svg);
            text.AppendLine("<h2>Findings</h2><table><tr><th>Rule</th><th>Severity</th><th>Where</th><th>Message</th></tr>");
            foreach (ProjectResult project in projects)
            {
                foreach (Diagnostic finding in project.Findings)
                {
                    FileLinePositionSpan span = finding.Location.GetLineSpan();
                    string link = finding.Descriptor.HelpLinkUri;
                    text.Append("<tr><td>").Append(string.IsNullOrEmpty(link) ? WebUtility.HtmlEncode(finding.Id) : $"<a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(finding.Id)}</a>")
                        .Append("</td><td class=\"").Append(finding.Severity == DiagnosticSeverity.Error ? "error" : "").Append("\">").Append(finding.Severity.ToString().ToLowerInvariant())
                        .Append("</td><td>").Append(WebUtility.HtmlEncode($"{project.Name}: {System.IO.Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}"))
                        .Append("</td><td>").Append(WebUtility.HtmlEncode(finding.GetMessage(System.Globalization.CultureInfo.InvariantCulture))).AppendLine("</td></tr>");
                }
            }

            text.AppendLine("</table></body></html>");
            return text.ToString();
        }
    }
}
