using System.Text;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>
    /// Reads one field of FenceGuard's tab-separated records back (<see cref="FieldWriter"/> escapes <c>\\</c>, <c>\t</c>,
    /// <c>\n</c> and <c>\r</c>). The one home of the rule: the <c>fenceguard</c> tool, which reads the graph records
    /// (FG9003) without loading this assembly, compiles this file into itself.
    /// </summary>
    internal static class FieldText
    {
        public static string Unescape(string field)
        {
            if (field.IndexOf('\\') < 0)
            {
                return field;
            }

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
