using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using FenceGuard.Analyzers.Facts;
using FenceGuard.Analyzers.Operations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>
    /// The one home of the summary format an assembly's build records and its consumers read (docs/analyzers.md, "Across
    /// assemblies"). The text is lines of tab-separated fields, UTF-8, in a fixed order (members by documentation ID), so
    /// the same code gives the same bytes; it travels base64url-encoded, because it passes through a SARIF log and MSBuild
    /// items on its way to the file beside the assembly. Format version <see cref="Version"/>: a file of another version is
    /// ignored as a whole (and said once, FG9002).
    /// <code>
    /// fenceguard-summaries  1
    /// assembly  XLib
    /// member    M:XLib.Tracing.Format(System.Int32)
    /// effect    Allocation  'new StringBuilder'  1  {location}  [hop names…]
    /// invokes   0
    /// wait|signal|publish  {node}  {location}
    /// edge      WaitsOn  {node}  {node}  {location}      (an edge of the member's summary: it involves a parameter)
    /// graph     WaitsOn  {node}  {node}  {location}      (a concrete edge of the library's fence graph)
    /// holds     HeldWhileWaiting  {lock}  {node}  {location}   (where the library first holds a lock class while waiting)
    /// </code>
    /// A node is four fields (kind, parameter ordinal, key, display); a location seven (path, span start and length,
    /// start line and column, end line and column).
    /// </summary>
    internal static class SummaryFormat
    {
        public const int Version = 1;

        /// <summary>The side-car's extension: <c>XLib.fenceguard</c> beside <c>XLib.dll</c>.</summary>
        public const string Extension = ".fenceguard";

        private const string Magic = "fenceguard-summaries";

        /// <summary>
        /// The library's record: its members' portable summaries (<see cref="MethodSummary"/> with external locations),
        /// its graph's concrete edges, and where it holds each lock class while waiting.
        /// </summary>
        public static string Write(
            string assemblyName, IEnumerable<(string DocumentationId, MethodSummary Summary)> members, IEnumerable<FenceEdge> graph, IEnumerable<FenceEdge> holders)
        {
            var text = new StringBuilder();
            Line(text, Magic, Version.ToString(CultureInfo.InvariantCulture));
            Line(text, "assembly", assemblyName);
            foreach ((string id, MethodSummary summary) in members.OrderBy(m => m.DocumentationId, StringComparer.Ordinal))
            {
                Line(text, "member", id);
                foreach (EffectKind kind in MethodSummary.TransitiveKinds)
                {
                    if (summary[kind] is { External: { } chain })
                    {
                        var fields = new List<string> { "effect", kind.ToString(), chain.Construct, chain.Locations.Count.ToString(CultureInfo.InvariantCulture) };
                        foreach (Location location in chain.Locations)
                        {
                            AddLocation(fields, location);
                        }

                        fields.AddRange(chain.Names);
                        Line(text, fields.ToArray());
                    }
                }

                if (summary.InvokedParameters.Count > 0)
                {
                    Line(text, new[] { "invokes" }.Concat(summary.InvokedParameters.Select(i => i.ToString(CultureInfo.InvariantCulture))).ToArray());
                }

                Entries(text, "wait", summary.Fences.Waits.Values);
                Entries(text, "signal", summary.Fences.Signals.Values);
                Entries(text, "publish", summary.Fences.Published.Values);
                foreach (FenceEdge edge in summary.Fences.Edges.Values.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    Edge(text, "edge", edge);
                }
            }

            foreach (FenceEdge edge in graph.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                Edge(text, "graph", edge);
            }

            foreach (FenceEdge edge in holders.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                Edge(text, "holds", edge);
            }

            return Convert.ToBase64String(Encoding.UTF8.GetBytes(text.ToString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        /// <summary>
        /// A recorded library, indexed but not parsed: members are parsed when first asked for. Null, with the reason in
        /// <paramref name="problem"/>, when the text is not a summary of this format's version.
        /// </summary>
        public static LibrarySummaries? Read(string encoded, out string? problem)
        {
            problem = null;
            string text;
            try
            {
                string base64 = encoded.Trim().Replace('-', '+').Replace('_', '/');
                base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
                text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            }
            catch (FormatException)
            {
                problem = "it is not a FenceGuard summary";
                return null;
            }

            string[] lines = text.Split('\n');
            string[] header = lines.Length > 0 ? Fields(lines[0]) : Array.Empty<string>();
            if (header.Length < 2 || header[0] != Magic)
            {
                problem = "it is not a FenceGuard summary";
                return null;
            }

            if (header[1] != Version.ToString(CultureInfo.InvariantCulture))
            {
                problem = $"it has format version {header[1]}, and this FenceGuard reads version {Version}";
                return null;
            }

            string[] assembly = lines.Length > 1 ? Fields(lines[1]) : Array.Empty<string>();
            if (assembly.Length < 2 || assembly[0] != "assembly")
            {
                problem = "it names no assembly";
                return null;
            }

            return new LibrarySummaries(assembly[1], lines);
        }

        /// <summary>One member's summary from its lines (<paramref name="first"/> is its <c>member</c> line); null when a line is malformed.</summary>
        internal static MethodSummary? ParseMember(string[] lines, int first, int end)
        {
            var witnesses = MethodSummary.NewWitnesses();
            var summary = new MethodSummary();
            var fences = new FenceSummary();
            for (int i = first + 1; i < end; i++)
            {
                if (lines[i].Length == 0)
                {
                    continue; // the text's last line break
                }

                string[] f = Fields(lines[i]);
                int at = 1;
                switch (f[0])
                {
                    case "effect" when f.Length >= 4 && Enum.TryParse(f[1], out EffectKind kind) && int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out int count):
                        at = 4;
                        var locations = new List<Location>(count);
                        for (int k = 0; k < count; k++)
                        {
                            if (ReadLocation(f, ref at) is not { } location)
                            {
                                return null;
                            }

                            locations.Add(location);
                        }

                        var chain = new ExternalChain(f.Skip(at).ToArray(), f[2], locations);
                        MethodSummary.TrySet(witnesses, kind, new Witness(f[2], locations.Count > 0 ? locations[0] : Location.None, null, null, chain));
                        break;
                    case "invokes":
                        var invoked = new List<int>();
                        for (int k = 1; k < f.Length; k++)
                        {
                            if (!int.TryParse(f[k], NumberStyles.None, CultureInfo.InvariantCulture, out int ordinal))
                            {
                                return null;
                            }

                            invoked.Add(ordinal);
                        }

                        summary.InvokedParameters = invoked.ToArray();
                        break;
                    case "wait" or "signal" or "publish":
                        if (ReadNode(f, ref at) is not { } node || ReadLocation(f, ref at) is not { } site)
                        {
                            return null;
                        }

                        Dictionary<string, (GraphNode, Location)> set = f[0] == "wait" ? fences.Waits : f[0] == "signal" ? fences.Signals : fences.Published;
                        set[node.Key] = (node, site);
                        break;
                    case "edge":
                        if (ParseEdge(f) is not { } edge)
                        {
                            return null;
                        }

                        fences.Edges[edge.Key] = edge;
                        break;
                    default:
                        return null;
                }
            }

            summary.Fences = fences.IsEmpty ? FenceSummary.Empty : fences;
            summary.Publish(witnesses);
            return summary;
        }

        /// <summary>A <c>graph</c> or <c>edge</c> line's edge; null when malformed.</summary>
        internal static FenceEdge? ParseEdge(string[] f)
        {
            int at = 2;
            return f.Length >= 2 && Enum.TryParse(f[1], out EdgeKind kind) && ReadNode(f, ref at) is { } from && ReadNode(f, ref at) is { } to &&
                   ReadLocation(f, ref at) is { } site
                ? new FenceEdge(from, to, kind, site)
                : null;
        }

        /// <summary>A line's fields, unescaped.</summary>
        internal static string[] Fields(string line)
        {
            string[] fields = line.TrimEnd('\r').Split('\t');
            for (int i = 0; i < fields.Length; i++)
            {
                if (fields[i].IndexOf('\\') >= 0)
                {
                    fields[i] = Unescape(fields[i]);
                }
            }

            return fields;
        }

        private static void Entries(StringBuilder text, string tag, IEnumerable<(GraphNode Node, Location Site)> entries)
        {
            foreach ((GraphNode node, Location site) in entries.OrderBy(e => e.Node.Key, StringComparer.Ordinal))
            {
                var fields = new List<string> { tag };
                AddNode(fields, node);
                AddLocation(fields, site);
                Line(text, fields.ToArray());
            }
        }

        private static void Edge(StringBuilder text, string tag, FenceEdge edge)
        {
            var fields = new List<string> { tag, edge.Kind.ToString() };
            AddNode(fields, edge.From);
            AddNode(fields, edge.To);
            AddLocation(fields, edge.Site);
            Line(text, fields.ToArray());
        }

        private static void AddNode(List<string> fields, GraphNode node)
        {
            fields.Add(node.Kind.ToString());
            fields.Add(node.ParameterOrdinal.ToString(CultureInfo.InvariantCulture));
            fields.Add(node.Lock is { } lockClass ? lockClass.Key : node.Key);
            fields.Add(node.Display);
        }

        private static GraphNode? ReadNode(string[] f, ref int at)
        {
            if (at + 4 > f.Length || !Enum.TryParse(f[at], out NodeKind kind) || !int.TryParse(f[at + 1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int ordinal))
            {
                return null;
            }

            string key = f[at + 2];
            string display = f[at + 3];
            at += 4;
            return kind == NodeKind.Lock ? GraphNode.ForLock(LockClass.Recorded(key, display)) : new GraphNode(key, display, kind, ordinal);
        }

        private static void AddLocation(List<string> fields, Location location)
        {
            FileLinePositionSpan span = location.GetLineSpan();
            fields.Add(span.Path ?? string.Empty);
            fields.Add(location.SourceSpan.Start.ToString(CultureInfo.InvariantCulture));
            fields.Add(location.SourceSpan.Length.ToString(CultureInfo.InvariantCulture));
            fields.Add(span.StartLinePosition.Line.ToString(CultureInfo.InvariantCulture));
            fields.Add(span.StartLinePosition.Character.ToString(CultureInfo.InvariantCulture));
            fields.Add(span.EndLinePosition.Line.ToString(CultureInfo.InvariantCulture));
            fields.Add(span.EndLinePosition.Character.ToString(CultureInfo.InvariantCulture));
        }

        private static Location? ReadLocation(string[] f, ref int at)
        {
            if (at + 7 > f.Length)
            {
                return null;
            }

            var numbers = new int[6];
            for (int i = 0; i < 6; i++)
            {
                if (!int.TryParse(f[at + 1 + i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
                {
                    return null;
                }
            }

            string path = f[at];
            at += 7;
            return path.Length == 0
                ? Location.None
                : Location.Create(path, new TextSpan(numbers[0], numbers[1]),
                    new LinePositionSpan(new LinePosition(numbers[2], numbers[3]), new LinePosition(numbers[4], numbers[5])));
        }

        /// <summary>
        /// The form a location takes in a record: external (a file path and a span), whatever compilation it came from. A
        /// consumer's diagnostics may point there, where they could not point into another compilation's syntax trees.
        /// </summary>
        public static Location External(Location location)
        {
            if (!location.IsInSource)
            {
                return location;
            }

            FileLinePositionSpan span = location.GetLineSpan();
            return Location.Create(span.Path ?? string.Empty, location.SourceSpan, span.Span);
        }

        private static void Line(StringBuilder text, params string[] fields)
        {
            for (int i = 0; i < fields.Length; i++)
            {
                if (i > 0)
                {
                    text.Append('\t');
                }

                Escape(text, fields[i]);
            }

            text.Append('\n');
        }

        private static void Escape(StringBuilder text, string field)
        {
            foreach (char c in field)
            {
                switch (c)
                {
                    case '\\': text.Append("\\\\"); break;
                    case '\t': text.Append("\\t"); break;
                    case '\n': text.Append("\\n"); break;
                    case '\r': text.Append("\\r"); break;
                    default: text.Append(c); break;
                }
            }
        }

        private static string Unescape(string field)
        {
            var text = new StringBuilder(field.Length);
            for (int i = 0; i < field.Length; i++)
            {
                if (field[i] == '\\' && i + 1 < field.Length)
                {
                    char next = field[++i];
                    text.Append(next switch { 't' => '\t', 'n' => '\n', 'r' => '\r', _ => next });
                }
                else
                {
                    text.Append(field[i]);
                }
            }

            return text.ToString();
        }
    }
}
