using System.Globalization;
using System.Text;
using FenceGuard.Analyzers.Facts;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>
    /// Writes lines of tab-separated fields, escaping each (<c>\\</c>, <c>\t</c>, <c>\n</c>, <c>\r</c>), with no per-field
    /// allocation: the one writer of the records FenceGuard hands out (summaries, <see cref="SummaryFormat"/>; the graph,
    /// <c>GraphExport</c>). <see cref="SummaryFormat.Fields"/> reads them back.
    /// </summary>
    internal sealed class FieldWriter
    {
        private static readonly char[] Escaped = { '\\', '\t', '\n', '\r' };
        private readonly StringBuilder _text;
        private bool _first = true;

        public FieldWriter(StringBuilder text) => _text = text;

        public FieldWriter Field(string field)
        {
            Separate();
            if (field.IndexOfAny(Escaped) < 0)
            {
                _text.Append(field); // nearly every field
                return this;
            }

            foreach (char c in field)
            {
                switch (c)
                {
                    case '\\': _text.Append("\\\\"); break;
                    case '\t': _text.Append("\\t"); break;
                    case '\n': _text.Append("\\n"); break;
                    case '\r': _text.Append("\\r"); break;
                    default: _text.Append(c); break;
                }
            }

            return this;
        }

        public FieldWriter Field(int number)
        {
            Separate();
            _text.Append(number.ToString(CultureInfo.InvariantCulture));
            return this;
        }

        public FieldWriter Node(GraphNode node) =>
            Field(node.Kind.ToString()).Field(node.ParameterOrdinal).Field(node.Lock is { } lockClass ? lockClass.Key : node.Key).Field(node.Display);

        /// <summary>A location as seven fields; one in this compilation's source is written as the external location it becomes.</summary>
        public FieldWriter Location(Location location)
        {
            FileLinePositionSpan span = location.GetLineSpan();
            return Field(span.Path ?? string.Empty).Field(location.SourceSpan.Start).Field(location.SourceSpan.Length)
                .Field(span.StartLinePosition.Line).Field(span.StartLinePosition.Character)
                .Field(span.EndLinePosition.Line).Field(span.EndLinePosition.Character);
        }

        public void End()
        {
            _text.Append('\n');
            _first = true;
        }

        public override string ToString() => _text.ToString();

        /// <summary>What was written, in the record's transport encoding (<see cref="Base64Url"/>).</summary>
        public string Encoded() => Base64Url.Encode(_text);

        private void Separate()
        {
            if (!_first)
            {
                _text.Append('\t');
            }

            _first = false;
        }
    }
}
