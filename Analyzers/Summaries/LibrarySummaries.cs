using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>
    /// One referenced assembly's recorded member summaries (<see cref="SummaryFormat"/>): indexed by member when first
    /// asked, and each member parsed once, when a call to it is first summarized. A consumer that never calls into the
    /// library never decodes them (its graph, when needed, is read apart: <see cref="LibraryGraph"/>).
    /// </summary>
    internal sealed class LibrarySummaries
    {
        private readonly string[] _lines;
        private readonly object _gate = new object();
        private Dictionary<string, (int First, int End)>? _members;
        private readonly ConcurrentDictionary<string, MethodSummary?> _parsed = new ConcurrentDictionary<string, MethodSummary?>(System.StringComparer.Ordinal);

        public LibrarySummaries(string assemblyName, string[] lines)
        {
            AssemblyName = assemblyName;
            _lines = lines;
        }

        public string AssemblyName { get; }

        /// <summary>Whether a member line could not be read (that member is then unknown, as if not recorded).</summary>
        public bool Malformed { get; private set; }

        /// <summary>
        /// The recorded summary of the member with documentation ID <paramref name="documentationId"/>; null when the
        /// library recorded none (the member does nothing a summary tracks) or its lines are malformed.
        /// </summary>
        public MethodSummary? Of(string documentationId)
        {
            if (_parsed.TryGetValue(documentationId, out MethodSummary? known))
            {
                return known;
            }

            MethodSummary? parsed = null;
            if (Index().TryGetValue(documentationId, out (int First, int End) range))
            {
                parsed = SummaryFormat.ParseMember(_lines, range.First, range.End, Of);
                if (parsed is null)
                {
                    Malformed = true;
                }
            }

            return _parsed.GetOrAdd(documentationId, parsed);
        }

        private Dictionary<string, (int First, int End)> Index()
        {
            lock (_gate)
            {
                if (_members is not null)
                {
                    return _members;
                }

                var members = new Dictionary<string, (int, int)>(System.StringComparer.Ordinal);
                string? current = null;
                int first = 0;
                for (int i = 2; i <= _lines.Length; i++)
                {
                    bool boundary = i == _lines.Length || _lines[i].StartsWith("member\t", System.StringComparison.Ordinal);
                    if (!boundary)
                    {
                        continue;
                    }

                    if (current is not null)
                    {
                        members[current] = (first, i);
                        current = null;
                    }

                    if (i < _lines.Length && _lines[i].StartsWith("member\t", System.StringComparison.Ordinal))
                    {
                        current = SummaryFormat.Fields(_lines[i])[1];
                        first = i;
                    }
                }

                return _members = members;
            }
        }
    }
}
