using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Summaries;
using FenceGuard.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FenceGuard.Analyzers.Rules
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

        /// <summary>The <c>.editorconfig</c> key for more blocking members (FG0004).</summary>
        public const string BlockingMembersOption = "fenceguard.blocking_members";

        /// <summary>An additional file with more blocking members, one per line.</summary>
        public const string BlockingMembersFile = "FenceGuard.BlockingMembers.txt";

        private static readonly ConditionalWeakTable<Compilation, FenceGuardCompilation> States = new ConditionalWeakTable<Compilation, FenceGuardCompilation>();

        private readonly AnalyzerConfigOptionsProvider _options;
        private readonly EffectLists _compilationLists;
        private readonly ConcurrentDictionary<SyntaxTree, EffectLists> _perTree = new ConcurrentDictionary<SyntaxTree, EffectLists>();

        private FenceGuardCompilation(Compilation compilation, KnownSymbols? symbols, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            Symbols = symbols;
            _options = options.AnalyzerConfigOptionsProvider;
            _compilationLists = EffectLists.BuiltIn.Union(
                ReadAdditionalFile(options, AllocatingMembersFile, cancellationToken),
                ReadAdditionalFile(options, BlockingMembersFile, cancellationToken)).ForCompilation();
            if (symbols is not null)
            {
                var api = new FenceApi(symbols);
                Effects = new EffectClassifier(symbols, api);
                Summaries = new MethodSummaries(compilation, symbols, Effects, api, ListsFor);
            }
        }

        /// <summary>Null when the compilation does not reference FenceGuard.</summary>
        public KnownSymbols? Symbols { get; }

        public EffectClassifier? Effects { get; }

        public MethodSummaries? Summaries { get; }

        public static FenceGuardCompilation Get(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken) =>
            States.GetValue(compilation, c => new FenceGuardCompilation(c, KnownSymbols.TryCreate(c, cancellationToken), options, cancellationToken));

        /// <summary>The allocating and blocking members configured for code in <paramref name="tree"/> (built-in, additional files, .editorconfig).</summary>
        public EffectLists ListsFor(SyntaxTree? tree) =>
            tree is null ? _compilationLists : _perTree.TryGetValue(tree, out EffectLists? known) ? known : _perTree.GetOrAdd(tree, ReadLists(tree));

        private EffectLists ReadLists(SyntaxTree tree)
        {
            AnalyzerConfigOptions options = _options.GetOptions(tree);
            MemberList allocating = options.TryGetValue(AllocatingMembersOption, out string? a) ? MemberList.Parse(a) : MemberList.Parse(null);
            MemberList blocking = options.TryGetValue(BlockingMembersOption, out string? b) ? MemberList.Parse(b) : MemberList.Parse(null);
            return _compilationLists.Union(allocating, blocking);
        }

        private static MemberList ReadAdditionalFile(AnalyzerOptions options, string name, CancellationToken cancellationToken)
        {
            MemberList result = MemberList.Parse(null);
            foreach (AdditionalText file in options.AdditionalFiles)
            {
                if (string.Equals(System.IO.Path.GetFileName(file.Path), name, System.StringComparison.OrdinalIgnoreCase))
                {
                    result = result.Union(MemberList.Parse(file.GetText(cancellationToken)?.ToString()));
                }
            }

            return result;
        }
    }
}
