using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using FenceGuard.Analyzers.Effects;
using FenceGuard.Analyzers.Summaries;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FenceGuard.Analyzers
{
    /// <summary>
    /// Everything FenceGuard computes once per compilation and shares between its analyzers: the known symbols, the
    /// effect classifier, the method summaries and the allocating-member lists. Kept in a weak table keyed by the
    /// compilation, so it lives exactly as long as the compilation does.
    /// </summary>
    internal sealed class FenceGuardCompilation
    {
        /// <summary>The <c>.editorconfig</c> key for more allocating members (see <see cref="MemberList"/>).</summary>
        public const string AllocatingMembersOption = "fenceguard.allocating_members";

        /// <summary>An additional file with more allocating members, one per line.</summary>
        public const string AllocatingMembersFile = "FenceGuard.AllocatingMembers.txt";

        private static readonly ConditionalWeakTable<Compilation, FenceGuardCompilation> States = new ConditionalWeakTable<Compilation, FenceGuardCompilation>();

        private readonly AnalyzerConfigOptionsProvider _options;
        private readonly MemberList _compilationList;
        private readonly ConcurrentDictionary<SyntaxTree, MemberList> _perTree = new ConcurrentDictionary<SyntaxTree, MemberList>();

        private FenceGuardCompilation(Compilation compilation, KnownSymbols? symbols, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            Symbols = symbols;
            _options = options.AnalyzerConfigOptionsProvider;
            _compilationList = MemberList.BuiltInAllocating.Union(ReadAdditionalFile(options, cancellationToken));
            if (symbols is not null)
            {
                Effects = new EffectClassifier(symbols);
                Summaries = new MethodSummaries(compilation, symbols, Effects, AllocatingMembersFor);
            }
        }

        /// <summary>Null when the compilation does not reference FenceGuard.</summary>
        public KnownSymbols? Symbols { get; }

        public EffectClassifier? Effects { get; }

        public MethodSummaries? Summaries { get; }

        public static FenceGuardCompilation Get(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken) =>
            States.GetValue(compilation, c => new FenceGuardCompilation(c, KnownSymbols.TryCreate(c), options, cancellationToken));

        /// <summary>The allocating members configured for code in <paramref name="tree"/> (built-in, additional file, .editorconfig).</summary>
        public MemberList AllocatingMembersFor(SyntaxTree? tree) =>
            tree is null ? _compilationList : _perTree.GetOrAdd(tree, t =>
                _options.GetOptions(t).TryGetValue(AllocatingMembersOption, out string? value)
                    ? _compilationList.Union(MemberList.Parse(value))
                    : _compilationList);

        private static MemberList ReadAdditionalFile(AnalyzerOptions options, CancellationToken cancellationToken)
        {
            MemberList result = MemberList.Parse(null);
            foreach (AdditionalText file in options.AdditionalFiles)
            {
                if (string.Equals(System.IO.Path.GetFileName(file.Path), AllocatingMembersFile, System.StringComparison.OrdinalIgnoreCase))
                {
                    result = result.Union(MemberList.Parse(file.GetText(cancellationToken)?.ToString()));
                }
            }

            return result;
        }
    }
}
