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
    /// graph     WaitsOn  {node}  {node}  {location}      (a concrete edge of the library's fence graph)
    /// holds     HeldWhileWaiting  {lock}  {node}  {location}   (where the library first holds a lock class while waiting)
    /// member    M:XLib.Tracing.Format(System.Int32)
    /// effect    Allocation  'new StringBuilder'  {location}                  (a direct effect)
    /// effect    Allocation  ''  {location}  M:XLib.Shared.Log(System.Int32)  Log   (through a call; Log's record goes on)
    /// invokes   0
    /// wait|signal|publish  {node}  {location}
    /// edge      WaitsOn  {node}  {node}  {location}      (an edge of the member's summary: it involves a parameter)
    /// </code>
    /// A node is four fields (kind, parameter ordinal, key, display); a location seven (path, span start and length,
    /// start line and column, end line and column).
    /// </summary>
    internal static class SummaryFormat
    {
        public const int Version = 1;

        private const string Magic = "fenceguard-summaries";

        /// <summary>
        /// The library's record: its members' portable summaries (<see cref="MethodSummary"/> with external locations),
        /// its graph's concrete edges, and where it holds each lock class while waiting.
        /// </summary>
        public static string Write(
            string assemblyName, IEnumerable<(string DocumentationId, MethodSummary Summary)> members, IEnumerable<FenceEdge> graph, IEnumerable<FenceEdge> holders)
        {
            var text = new FieldWriter(new StringBuilder(1 << 16));
            text.Field(Magic).Field(Version).End();
            text.Field("assembly").Field(assemblyName).End();

            // The library's own lines first: a consumer reads them by decoding only this prefix (ReadGraph).
            foreach (FenceEdge edge in graph.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                Edge(text, "graph", edge);
            }

            foreach (FenceEdge edge in holders.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                Edge(text, "holds", edge);
            }

            var sorted = new List<(string DocumentationId, MethodSummary Summary)>(members);
            sorted.Sort((a, b) => string.CompareOrdinal(a.DocumentationId, b.DocumentationId));
            foreach ((string id, MethodSummary summary) in sorted)
            {
                text.Field("member").Field(id).End();
                foreach (EffectKind kind in MethodSummary.TransitiveKinds)
                {
                    if (summary[kind] is { External: { } hop })
                    {
                        text.Field("effect").Field(kind.ToString()).Field(hop.Construct ?? string.Empty).Location(hop.Location)
                            .Field(hop.NextMember ?? string.Empty).Field(hop.NextName ?? string.Empty).End();
                    }
                }

                if (summary.InvokedParameters.Count > 0)
                {
                    text.Field("invokes");
                    foreach (int ordinal in summary.InvokedParameters)
                    {
                        text.Field(ordinal);
                    }

                    text.End();
                }

                Entries(text, "wait", summary.Fences.Waits.Values);
                Entries(text, "signal", summary.Fences.Signals.Values);
                Entries(text, "publish", summary.Fences.Published.Values);
                if (summary.Fences.Edges.Count > 0)
                {
                    foreach (FenceEdge edge in summary.Fences.Edges.Values.OrderBy(e => e.Key, StringComparer.Ordinal))
                    {
                        Edge(text, "edge", edge);
                    }
                }
            }

            return text.Encoded();
        }

        /// <summary>
        /// A recorded library, indexed but not parsed: members are parsed when first asked for. Null, with the reason in
        /// <paramref name="problem"/>, when the text is not a summary of this format's version.
        /// </summary>
        public static LibrarySummaries? Read(string encoded, out string? problem)
        {
            if (Decode(encoded.Trim()) is not { } text)
            {
                problem = "it is not a FenceGuard summary";
                return null;
            }

            string[] lines = text.Split('\n');
            return Header(lines, out problem) is { } assembly ? new LibrarySummaries(assembly, lines) : null;
        }

        /// <summary>
        /// What <see cref="Read"/> would say of the text's header (the record's assembly name, or null with the problem),
        /// decoding only its first characters: the check FG9002 makes of every summary file, used or not.
        /// </summary>
        public static string? ReadHeader(string encoded, out string? problem)
        {
            string trimmed = encoded.Trim();
            int length = Math.Min(trimmed.Length, 512) & ~3; // whole base64 quanta, enough for both header lines
            string? text = Decode(length == trimmed.Length ? trimmed : trimmed.Substring(0, length));
            if (text is null)
            {
                problem = "it is not a FenceGuard summary";
                return null;
            }

            string[] lines = text.Split('\n');
            if (length < trimmed.Length && lines.Length > 0)
            {
                Array.Resize(ref lines, lines.Length - 1); // the last line may be cut
            }

            return Header(lines, out problem);
        }

        /// <summary>
        /// The library's own lines (its graph's edges, where it holds lock classes while waiting), decoding the text only
        /// up to its first member: a consumer whose graph needs them pays for the library's graph, not for its members.
        /// Null, with the problem, when the text is not a record of this version.
        /// </summary>
        public static LibraryGraph? ReadGraph(string encoded, out string? problem)
        {
            var lines = new List<string>();
            var line = new StringBuilder();
            Decoder utf8 = new UTF8Encoding(false, true).GetDecoder();
            var chars = new char[4096];
            string trimmed = encoded.Trim();
            try
            {
                for (int at = 0; at < trimmed.Length; at += 4096)
                {
                    string chunk = trimmed.Substring(at, Math.Min(4096, trimmed.Length - at)).Replace('-', '+').Replace('_', '/');
                    chunk = chunk.PadRight(chunk.Length + ((4 - (chunk.Length % 4)) % 4), '=');
                    byte[] bytes = Convert.FromBase64String(chunk);
                    int count = utf8.GetChars(bytes, 0, bytes.Length, chars, 0);
                    for (int i = 0; i < count; i++)
                    {
                        if (chars[i] != '\n')
                        {
                            line.Append(chars[i]);
                            continue;
                        }

                        if (lines.Count >= 2 && line.ToString().StartsWith("member\t", StringComparison.Ordinal))
                        {
                            return Graph(lines, out problem);
                        }

                        lines.Add(line.ToString());
                        line.Clear();
                    }
                }
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                problem = "it is not a FenceGuard summary";
                return null;
            }

            if (line.Length > 0)
            {
                lines.Add(line.ToString());
            }

            return Graph(lines, out problem);
        }

        private static LibraryGraph? Graph(List<string> lines, out string? problem)
        {
            if (Header(lines.ToArray(), out problem) is null)
            {
                return null;
            }

            var graph = new List<FenceEdge>();
            var holders = new List<FenceEdge>();
            for (int i = 2; i < lines.Count; i++)
            {
                string[] fields = Fields(lines[i]);
                List<FenceEdge>? into = fields[0] == "graph" ? graph : fields[0] == "holds" ? holders : null;
                if (into is not null && ParseEdge(fields) is { } edge)
                {
                    into.Add(edge);
                }
            }

            return new LibraryGraph(graph, holders);
        }

        private static string? Decode(string encoded)
        {
            try
            {
                string base64 = encoded.Replace('-', '+').Replace('_', '/');
                base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
                return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            }
            catch (FormatException)
            {
                return null;
            }
        }

        private static string? Header(string[] lines, out string? problem)
        {
            problem = null;
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

            return assembly[1];
        }

        /// <summary>
        /// One member's summary from its lines (<paramref name="first"/> is its <c>member</c> line), its witness chains
        /// continued through <paramref name="resolve"/> (the library's other records); null when a line is malformed.
        /// </summary>
        internal static MethodSummary? ParseMember(string[] lines, int first, int end, Func<string, MethodSummary?> resolve)
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
                    case "effect" when f.Length == 12 && Enum.TryParse(f[1], out EffectKind kind):
                        at = 3;
                        if (ReadLocation(f, ref at) is not { } location)
                        {
                            return null;
                        }

                        string? construct = f[2].Length > 0 ? f[2] : null;
                        string? next = f[10].Length > 0 ? f[10] : null;
                        if ((construct is null) == (next is null))
                        {
                            return null; // a hop is a direct effect or a call, never both
                        }

                        var hop = new ExternalHop(construct, location, next, next is null ? null : f[11], resolve);
                        MethodSummary.TrySet(witnesses, kind, new Witness(construct, location, null, null, hop));
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
                    fields[i] = FieldText.Unescape(fields[i]);
                }
            }

            return fields;
        }

        private static void Entries(FieldWriter text, string tag, IReadOnlyCollection<(GraphNode Node, Location Site)> entries)
        {
            if (entries.Count == 0)
            {
                return; // most members: no sort, no iterator
            }

            foreach ((GraphNode node, Location site) in entries.OrderBy(e => e.Node.Key, StringComparer.Ordinal))
            {
                text.Field(tag).Node(node).Location(site).End();
            }
        }

        private static void Edge(FieldWriter text, string tag, FenceEdge edge) =>
            text.Field(tag).Field(edge.Kind.ToString()).Node(edge.From).Node(edge.To).Location(edge.Site).End();

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
    }
}
