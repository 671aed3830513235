using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using FenceGuard.Analyzers.Reporting;
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

        /// <summary>
        /// An additional file the package's build targets pass in command-line builds only (never in design-time builds,
        /// so never in the IDE): the compilation records its summaries for other assemblies (FG9001).
        /// </summary>
        public const string RecordSummariesFile = "FenceGuard.RecordSummaries";

        /// <summary>An additional file the <c>fenceguard</c> tool passes: the compilation's fence graph is exported (FG9003).</summary>
        public const string ExportGraphFile = "FenceGuard.ExportGraph";

        private static readonly ConditionalWeakTable<Compilation, FenceGuardCompilation> States = new ConditionalWeakTable<Compilation, FenceGuardCompilation>();

        /// <summary>
        /// The state of a compilation another one references (the IDE's project references), apart from its own: that
        /// project's own analysis has its own options, and this one knows only the built-in lists.
        /// </summary>
        private static readonly ConditionalWeakTable<Compilation, FenceGuardCompilation> ReferenceStates = new ConditionalWeakTable<Compilation, FenceGuardCompilation>();

        private static readonly AnalyzerOptions NoOptions = new AnalyzerOptions(System.Collections.Immutable.ImmutableArray<AdditionalText>.Empty);

        private readonly AnalyzerConfigOptionsProvider _options;
        private readonly object _graphGate = new object();
        private List<FenceEdge>? _graph;
        private readonly ConcurrentDictionary<string, MethodSummary?> _portable = new ConcurrentDictionary<string, MethodSummary?>(System.StringComparer.Ordinal);
        private readonly EffectLists _compilationLists;
        private readonly ConcurrentDictionary<SyntaxTree, EffectLists> _perTree = new ConcurrentDictionary<SyntaxTree, EffectLists>();

        private FenceGuardCompilation(Compilation compilation, KnownSymbols? symbols, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            Symbols = symbols;
            _options = options.AnalyzerConfigOptionsProvider;
            _compilationLists = EffectLists.BuiltIn.Union(
                ReadAdditionalFile(options, AllocatingMembersFile, cancellationToken),
                ReadAdditionalFile(options, BlockingMembersFile, cancellationToken)).ForCompilation();
            RecordsSummaries = HasMarker(options, RecordSummariesFile);
            ExportsGraph = HasMarker(options, ExportGraphFile);
            Referenced = new ReferencedSummaries(RecordedAssemblies.For(compilation, options), OfReferencedCompilation, GraphOfReferencedCompilation, HoldersOfReferencedCompilation);
            if (symbols is not null)
            {
                var api = new FenceApi(symbols);
                Effects = new EffectClassifier(symbols, api);
                Summaries = new MethodSummaries(compilation, symbols, Effects, api, ListsFor, Referenced, RecordsSummaries);
            }
        }

        /// <summary>Whether this build records the compilation's summaries for other assemblies (<see cref="RecordSummariesFile"/>).</summary>
        public bool RecordsSummaries { get; }

        /// <summary>Whether the compilation's fence graph is exported for the tool (<see cref="ExportGraphFile"/>).</summary>
        public bool ExportsGraph { get; }

        private static bool HasMarker(AnalyzerOptions options, string name) =>
            options.AdditionalFiles.Any(f => string.Equals(System.IO.Path.GetFileName(f.Path), name, System.StringComparison.OrdinalIgnoreCase));

        /// <summary>The summaries of referenced assemblies built with FenceGuard.</summary>
        public ReferencedSummaries Referenced { get; }

        /// <summary>In the IDE: a referenced project's member, summarized over that project's compilation and made portable as a build would record it.</summary>
        private static MethodSummary? OfReferencedCompilation(Compilation source, string documentationId, CancellationToken cancellationToken)
        {
            FenceGuardCompilation state = AsReference(source, cancellationToken);
            if (state._portable.TryGetValue(documentationId, out MethodSummary? known))
            {
                return known;
            }

            MethodSummary? portable = state.Summaries is { } summaries &&
                DocumentationCommentId.GetFirstSymbolForDeclarationId(documentationId, source) is IMethodSymbol method
                    ? SummaryExport.Of(summaries, method, next => OfReferencedCompilation(source, next, CancellationToken.None), cancellationToken) // a chain's next hop, asked for when a message is made: already summarized with this member
                    : null;
            return state._portable.GetOrAdd(documentationId, portable);
        }

        /// <summary>In the IDE: a referenced project's fence graph, from the summaries of the members other projects can call.</summary>
        private static IEnumerable<FenceEdge> GraphOfReferencedCompilation(Compilation source, CancellationToken cancellationToken)
        {
            FenceGuardCompilation state = AsReference(source, cancellationToken);
            if (state.Summaries is not { } summaries)
            {
                return System.Array.Empty<FenceEdge>();
            }

            lock (state._graphGate)
            {
                if (state._graph is null)
                {
                    foreach (IMethodSymbol method in SummaryExport.ExportedMembers(source, cancellationToken))
                    {
                        summaries.FencesOf(method, cancellationToken);
                    }

                    state._graph = SummaryExport.Graph(summaries).ToList();
                }

                return state._graph;
            }
        }

        /// <summary>In the IDE: where a referenced project holds each lock class while waiting, from the same summaries as its graph.</summary>
        private static IEnumerable<FenceEdge> HoldersOfReferencedCompilation(Compilation source, CancellationToken cancellationToken)
        {
            GraphOfReferencedCompilation(source, cancellationToken); // summarizes the exported members, once
            return AsReference(source, cancellationToken).Summaries is { } summaries ? SummaryExport.Holders(summaries) : System.Array.Empty<FenceEdge>();
        }

        private static FenceGuardCompilation AsReference(Compilation source, CancellationToken cancellationToken) =>
            ReferenceStates.GetValue(source, c => new FenceGuardCompilation(c, KnownSymbols.TryCreate(c, cancellationToken), NoOptions, cancellationToken));

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
