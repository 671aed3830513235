using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using FenceGuard.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>
    /// What this compilation knows of the members of its recorded references (<see cref="RecordedAssemblies"/>): the
    /// summary file of a library built with FenceGuard, read lazily, member by member; or, in the IDE, the summary the
    /// engine computes over the referenced project's own compilation, made portable the same way a build records it.
    /// Either way a caller gets a <see cref="MethodSummary"/> with external locations and witness chains as text, and
    /// uses it as it uses a summary of its own compilation.
    /// </summary>
    internal sealed class ReferencedSummaries
    {
        public static readonly ReferencedSummaries None = new ReferencedSummaries(RecordedAssemblies.None, null, null);

        private readonly Func<Compilation, string, CancellationToken, MethodSummary?>? _ofCompilation;
        private readonly Func<Compilation, CancellationToken, IEnumerable<FenceEdge>>? _graphOfCompilation;
        private readonly Func<Compilation, CancellationToken, IEnumerable<FenceEdge>>? _holdersOfCompilation;
        private readonly ConcurrentDictionary<IAssemblySymbol, Lazy<LibrarySummaries?>> _libraries = new ConcurrentDictionary<IAssemblySymbol, Lazy<LibrarySummaries?>>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IAssemblySymbol, Lazy<LibraryGraph?>> _graphs = new ConcurrentDictionary<IAssemblySymbol, Lazy<LibraryGraph?>>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IAssemblySymbol, Lazy<(string? Text, string? Problem)>> _checked =
            new ConcurrentDictionary<IAssemblySymbol, Lazy<(string?, string?)>>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, MethodSummary?> _members = new ConcurrentDictionary<IMethodSymbol, MethodSummary?>(SymbolEqualityComparer.Default);

        /// <param name="assemblies">The recorded references.</param>
        /// <param name="ofCompilation">For a project's compilation (the IDE): the portable summary of its member with a documentation ID.</param>
        /// <param name="graphOfCompilation">For a project's compilation: the concrete edges of its fence graph, made portable.</param>
        /// <param name="holdersOfCompilation">For a project's compilation: where it holds each lock class while waiting.</param>
        public ReferencedSummaries(
            RecordedAssemblies assemblies, Func<Compilation, string, CancellationToken, MethodSummary?>? ofCompilation,
            Func<Compilation, CancellationToken, IEnumerable<FenceEdge>>? graphOfCompilation,
            Func<Compilation, CancellationToken, IEnumerable<FenceEdge>>? holdersOfCompilation = null)
        {
            _holdersOfCompilation = holdersOfCompilation;
            Assemblies = assemblies;
            _ofCompilation = ofCompilation;
            _graphOfCompilation = graphOfCompilation;
        }

        public RecordedAssemblies Assemblies { get; }

        /// <summary>
        /// The recorded summary of <paramref name="method"/> (its original definition), or null: its assembly is not
        /// recorded, or recorded nothing for it (a member that allocates, waits, blocks and signals nothing).
        /// </summary>
        public MethodSummary? Of(IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (!Assemblies.Contains(method.ContainingAssembly))
            {
                return null;
            }

            if (_members.TryGetValue(method, out MethodSummary? known))
            {
                return known;
            }

            MethodSummary? summary = null;
            if (method.OriginalDefinition.GetDocumentationCommentId() is { } id)
            {
                (AdditionalText? _, Compilation? source) = Assemblies.SourceOf(method.ContainingAssembly);
                summary = source is not null && _ofCompilation is not null
                    ? _ofCompilation(source, id, cancellationToken)
                    : Library(method.ContainingAssembly, cancellationToken)?.Of(id);
            }

            return _members.GetOrAdd(method, summary);
        }

        /// <summary>
        /// The concrete edges of the fence graphs of the recorded references <paramref name="joins"/> accepts (those whose
        /// fences this compilation's code names): where a cycle through this compilation may close. The others are not read.
        /// </summary>
        public IEnumerable<FenceEdge> GraphEdges(Func<IAssemblySymbol, bool> joins, CancellationToken cancellationToken)
        {
            foreach (IAssemblySymbol assembly in Sorted())
            {
                if (!joins(assembly))
                {
                    continue;
                }

                (AdditionalText? _, Compilation? source) = Assemblies.SourceOf(assembly);
                IEnumerable<FenceEdge> edges = source is not null
                    ? _graphOfCompilation?.Invoke(source, cancellationToken) ?? Array.Empty<FenceEdge>()
                    : GraphOf(assembly, cancellationToken)?.Edges ?? (IEnumerable<FenceEdge>)Array.Empty<FenceEdge>();
                foreach (FenceEdge edge in edges)
                {
                    yield return edge;
                }
            }
        }

        /// <summary>Where each recorded reference first holds a lock class while waiting (FG0005's holders in other assemblies), with the assembly's name.</summary>
        public IEnumerable<(string Assembly, FenceEdge Held)> Holders(CancellationToken cancellationToken)
        {
            foreach (IAssemblySymbol assembly in Sorted())
            {
                (AdditionalText? _, Compilation? source) = Assemblies.SourceOf(assembly);
                IEnumerable<FenceEdge> edges = source is not null
                    ? _holdersOfCompilation?.Invoke(source, cancellationToken) ?? Array.Empty<FenceEdge>()
                    : GraphOf(assembly, cancellationToken)?.Holders ?? (IEnumerable<FenceEdge>)Array.Empty<FenceEdge>();
                foreach (FenceEdge edge in edges)
                {
                    yield return (assembly.Identity.Name, edge);
                }
            }
        }

        /// <summary>
        /// Each summary file that cannot be used, with why (FG9002), in assembly-name order: from its header only, so that
        /// the answer is the same whether or not, and whenever, a rule read the rest. A member line that cannot be read
        /// leaves that member unknown, as if it were not recorded.
        /// </summary>
        public IEnumerable<(string Assembly, string Problem)> Problems(CancellationToken cancellationToken)
        {
            foreach (IAssemblySymbol assembly in Sorted())
            {
                if (Assemblies.SourceOf(assembly).SideCar is null)
                {
                    continue;
                }

                string? problem = Checked(assembly, cancellationToken).Problem;
                if (problem is not null)
                {
                    yield return (assembly.Identity.Name, problem);
                }
            }
        }

        private List<IAssemblySymbol> Sorted()
        {
            var assemblies = new List<IAssemblySymbol>(Assemblies.All);
            assemblies.Sort((a, b) => string.CompareOrdinal(a.Identity.Name, b.Identity.Name));
            return assemblies;
        }

        /// <summary>A summary file's library lines (its graph and lock holders), decoded once, apart from its members.</summary>
        private LibraryGraph? GraphOf(IAssemblySymbol assembly, CancellationToken cancellationToken) =>
            ComputeOnce.Get(_graphs, assembly, a => Checked(a, cancellationToken).Text is { } text ? SummaryFormat.ReadGraph(text, out _) : null, cancellationToken);

        /// <summary>A summary file, read and indexed once (its members are parsed when asked for).</summary>
        private LibrarySummaries? Library(IAssemblySymbol assembly, CancellationToken cancellationToken) =>
            ComputeOnce.Get(_libraries, assembly, a => Checked(a, cancellationToken).Text is { } text ? SummaryFormat.Read(text, out _) : null, cancellationToken);

        /// <summary>
        /// The one decision whether a summary file is used (FG9002's, the members' and the graph's alike): read once per
        /// compilation, judged by its header alone; its text when it is used, or why not.
        /// </summary>
        private (string? Text, string? Problem) Checked(IAssemblySymbol assembly, CancellationToken cancellationToken) =>
            ComputeOnce.Get(_checked, assembly, a =>
            {
                if (Assemblies.SourceOf(a).SideCar is not { } file)
                {
                    return ((string?)null, (string?)null);
                }

                if (file.GetText(cancellationToken)?.ToString() is not { } text)
                {
                    return (null, "it could not be read");
                }

                string? recorded = SummaryFormat.ReadHeader(text, out string? problem);
                if (recorded is null)
                {
                    return (null, problem);
                }

                return string.Equals(recorded, a.Identity.Name, StringComparison.OrdinalIgnoreCase)
                    ? (text, null)
                    : (null, $"it records the assembly '{recorded}'");
            }, cancellationToken);
    }
}
