using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Summaries;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Reporting
{
    /// <summary>
    /// A compilation's summaries as other assemblies see them: the members they can call, each summary made portable
    /// (witness chains as text with external locations, fence facts with external sites), and the concrete edges of its
    /// fence graph. What a build records beside the assembly (<see cref="SummaryFormat"/>) and what the IDE reads from a
    /// referenced project's compilation are made here, by the same code.
    /// </summary>
    internal static class SummaryExport
    {
        /// <summary>
        /// The methods other assemblies can call: public and protected members (of types they can see), and internal
        /// ones too when the assembly grants <c>InternalsVisibleTo</c>. In declaration order of a namespace walk.
        /// </summary>
        public static IEnumerable<IMethodSymbol> ExportedMembers(Compilation compilation, CancellationToken cancellationToken)
        {
            bool internals = compilation.Assembly.GetAttributes().Any(a => a.AttributeClass is
            {
                Name: "InternalsVisibleToAttribute",
                ContainingNamespace: { Name: "CompilerServices", ContainingNamespace: { Name: "Runtime", ContainingNamespace.Name: "System" } },
            });
            var namespaces = new Stack<INamespaceOrTypeSymbol>();
            namespaces.Push(compilation.Assembly.GlobalNamespace);
            while (namespaces.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (ISymbol member in namespaces.Pop().GetMembers())
                {
                    if (member is INamespaceSymbol ns)
                    {
                        namespaces.Push(ns);
                        continue;
                    }

                    if (member is INamedTypeSymbol type && Visible(type, internals))
                    {
                        namespaces.Push(type);
                        foreach (ISymbol typeMember in type.GetMembers())
                        {
                            if (typeMember is IMethodSymbol method && !method.IsImplicitlyDeclared && method.DeclaringSyntaxReferences.Length > 0 && Visible(method, internals))
                            {
                                yield return method;
                            }
                        }
                    }
                }
            }
        }

        private static bool Visible(ISymbol symbol, bool internals) => symbol.DeclaredAccessibility switch
        {
            Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal => true,
            Accessibility.Internal or Accessibility.ProtectedAndInternal => internals,
            _ => false,
        };

        /// <summary>
        /// The portable summary of <paramref name="method"/>: each effect's chain as text (hop names after the method,
        /// the construct, every hop's location), its fence facts with external sites, and the delegate parameters it
        /// invokes. Null when it records nothing (the member is pure for every rule).
        /// </summary>
        public static MethodSummary? Of(MethodSummaries summaries, IMethodSymbol method, CancellationToken cancellationToken)
        {
            MethodSummary summary = summaries.Get(method, cancellationToken);
            Witness?[] witnesses = MethodSummary.NewWitnesses();
            bool any = false;
            foreach (EffectKind kind in MethodSummary.TransitiveKinds)
            {
                if (summary[kind] is null)
                {
                    continue;
                }

                (List<string> names, List<Location> locations, string construct) = CallChains.Parts(summaries, method, kind);
                List<Location> external = locations.Select(SummaryFormat.External).ToList();
                var chain = new ExternalChain(names.Skip(1).ToArray(), construct, external);
                MethodSummary.TrySet(witnesses, kind, new Witness(construct, external.Count > 0 ? external[0] : Location.None, null, null, chain));
                any = true;
            }

            FenceSummary fences = Portable(summary.Fences);
            if (!any && fences.IsEmpty && summary.InvokedParameters.Count == 0)
            {
                return null;
            }

            var portable = new MethodSummary { Fences = fences, InvokedParameters = summary.InvokedParameters };
            portable.Publish(witnesses);
            return portable;
        }

        /// <summary>The concrete edges of the summaries computed so far, with external sites: the fence graph other assemblies join.</summary>
        public static IEnumerable<FenceEdge> Graph(MethodSummaries summaries)
        {
            var edges = new Dictionary<string, FenceEdge>(System.StringComparer.Ordinal);
            foreach (MethodSummary summary in summaries.Computed)
            {
                foreach (FenceEdge edge in summary.Fences.Edges.Values)
                {
                    if (edge.IsConcrete && (!edges.TryGetValue(edge.Key, out FenceEdge? known) || FenceGuard.Analyzers.Graph.FenceGraph.SourceOrder.Compare(edge.Site, known.Site) < 0))
                    {
                        edges[edge.Key] = edge;
                    }
                }
            }

            return edges.Values.Select(e => new FenceEdge(e.From, e.To, e.Kind, SummaryFormat.External(e.Site))).ToList();
        }

        /// <summary>
        /// Where the compilation holds each lock class while it waits on a fence (the first such edge of any summary, in
        /// source order, parameters included): where a caller's section that takes the class inverts the order (FG0005).
        /// </summary>
        public static IEnumerable<FenceEdge> Holders(MethodSummaries summaries)
        {
            var first = new Dictionary<string, FenceEdge>(System.StringComparer.Ordinal);
            foreach (MethodSummary summary in summaries.Computed)
            {
                foreach (FenceEdge edge in summary.Fences.Edges.Values)
                {
                    if (edge is { Kind: EdgeKind.HeldWhileWaiting, From.Lock: { } held } &&
                        (!first.TryGetValue(held.Key, out FenceEdge? known) || FenceGuard.Analyzers.Graph.FenceGraph.SourceOrder.Compare(edge.Site, known.Site) < 0))
                    {
                        first[held.Key] = edge;
                    }
                }
            }

            return first.Values.Select(e => new FenceEdge(e.From, e.To, e.Kind, SummaryFormat.External(e.Site))).ToList();
        }

        /// <summary>
        /// Everything the compilation records for other assemblies, in the summary format: each exported member's
        /// portable summary and the compilation's graph (asked at the end of the compilation, when every body has been
        /// walked and the graph's summaries are computed).
        /// </summary>
        public static (string Text, int Members) Record(Compilation compilation, MethodSummaries summaries, CancellationToken cancellationToken)
        {
            foreach (IMethodSymbol method in summaries.ReachingFences(cancellationToken))
            {
                summaries.FencesOf(method, cancellationToken);
            }

            var members = new List<(string, MethodSummary)>();
            foreach (IMethodSymbol method in ExportedMembers(compilation, cancellationToken))
            {
                if (method.GetDocumentationCommentId() is { } id && Of(summaries, method, cancellationToken) is { } portable)
                {
                    members.Add((id, portable));
                }
            }

            return (SummaryFormat.Write(compilation.AssemblyName ?? string.Empty, members, Graph(summaries), Holders(summaries)), members.Count);
        }

        private static FenceSummary Portable(FenceSummary fences)
        {
            if (fences.IsEmpty)
            {
                return FenceSummary.Empty;
            }

            var portable = new FenceSummary();
            foreach (KeyValuePair<string, (Facts.GraphNode Node, Location Site)> entry in fences.Waits)
            {
                portable.Waits[entry.Key] = (entry.Value.Node, SummaryFormat.External(entry.Value.Site));
            }

            foreach (KeyValuePair<string, (Facts.GraphNode Node, Location Site)> entry in fences.Signals)
            {
                portable.Signals[entry.Key] = (entry.Value.Node, SummaryFormat.External(entry.Value.Site));
            }

            foreach (KeyValuePair<string, (Facts.GraphNode Node, Location Site)> entry in fences.Published)
            {
                portable.Published[entry.Key] = (entry.Value.Node, SummaryFormat.External(entry.Value.Site));
            }

            foreach (KeyValuePair<string, FenceEdge> entry in fences.Edges)
            {
                FenceEdge e = entry.Value;
                portable.Edges[entry.Key] = new FenceEdge(e.From, e.To, e.Kind, SummaryFormat.External(e.Site));
            }

            return portable;
        }
    }
}
