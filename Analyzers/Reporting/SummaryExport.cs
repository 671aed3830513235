using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Summaries;
using FenceGuard.Analyzers.Symbols;
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
        /// ones too when the assembly grants <c>InternalsVisibleTo</c>. In the order of the one walk over the assembly's types (<see cref="SourceTypes"/>).
        /// </summary>
        public static IEnumerable<IMethodSymbol> ExportedMembers(Compilation compilation, CancellationToken cancellationToken)
        {
            bool internals = compilation.Assembly.GetAttributes().Any(a => a.AttributeClass is
            {
                Name: "InternalsVisibleToAttribute",
                ContainingNamespace: { Name: "CompilerServices", ContainingNamespace: { Name: "Runtime", ContainingNamespace.Name: "System" } },
            });
            foreach (INamedTypeSymbol type in SourceTypes.Of(compilation.Assembly, cancellationToken))
            {
                if (!VisibleWithContainers(type, internals))
                {
                    continue;
                }

                foreach (ISymbol typeMember in type.GetMembers())
                {
                    if (typeMember is IMethodSymbol method && !method.IsImplicitlyDeclared && method.DeclaringSyntaxReferences.Length > 0 && Visible(method, internals))
                    {
                        yield return method;
                    }
                }
            }
        }

        /// <summary>Whether other assemblies can name the type: it, and every type it is nested in, is visible.</summary>
        private static bool VisibleWithContainers(INamedTypeSymbol type, bool internals)
        {
            for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
            {
                if (!Visible(current, internals))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool Visible(ISymbol symbol, bool internals) => symbol.DeclaredAccessibility switch
        {
            Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal => true,
            Accessibility.Internal or Accessibility.ProtectedAndInternal => internals,
            _ => false,
        };

        /// <summary>
        /// The portable summary of <paramref name="method"/>: each effect's witness as one recorded hop (the direct
        /// effect and where it is, or the call and the member it calls, by documentation ID, whose own record continues
        /// the chain; <paramref name="resolve"/> finds that record), its fence facts with external sites, and the
        /// delegate parameters it invokes. Null when it records nothing (the member is pure for every rule).
        /// </summary>
        public static MethodSummary? Of(MethodSummaries summaries, IMethodSymbol method, System.Func<string, MethodSummary?>? resolve, CancellationToken cancellationToken) =>
            Of(summaries, method, resolve, null, cancellationToken);

        // callees: when recording, gets the members the witnesses call (to be recorded too); the fence facts are then the
        // summary's own, whose locations the format writes as external ones (no copy).
        private static MethodSummary? Of(
            MethodSummaries summaries, IMethodSymbol method, System.Func<string, MethodSummary?>? resolve, List<IMethodSymbol>? callees, CancellationToken cancellationToken)
        {
            MethodSummary summary = summaries.Get(method, cancellationToken);
            Witness?[] witnesses = MethodSummary.NewWitnesses();
            bool any = false;
            foreach (EffectKind kind in MethodSummary.TransitiveKinds)
            {
                if (summary[kind] is not { } witness)
                {
                    continue;
                }

                Location at = SummaryFormat.External(witness.Location);
                ExternalHop hop;
                if (witness.External is { } external)
                {
                    hop = new ExternalHop(external.Construct, at, external.NextMember, external.NextName, resolve); // a third assembly's: as far as its record says
                }
                else if (witness.Callee is { } callee && CallTargets.SummaryKey(callee).GetDocumentationCommentId() is { } id)
                {
                    hop = new ExternalHop(null, at, id, CallChains.HopName(witness, CallChains.DisplayName(method)), resolve);
                    callees?.Add(CallTargets.SummaryKey(callee));
                }
                else
                {
                    hop = new ExternalHop(witness.Construct ?? "?", at, null, null, resolve);
                }

                MethodSummary.TrySet(witnesses, kind, new Witness(hop.Construct, at, null, null, hop));
                any = true;
            }

            FenceSummary fences = callees is null ? Portable(summary.Fences) : summary.Fences;
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

            // The exported members, and every member their witness chains call (private ones too), each recorded once.
            var members = new List<(string, MethodSummary)>();
            var recorded = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var work = new Stack<IMethodSymbol>();
            foreach (IMethodSymbol method in ExportedMembers(compilation, cancellationToken))
            {
                if (recorded.Add(method))
                {
                    work.Push(method);
                }
            }

            var callees = new List<IMethodSymbol>();
            while (work.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                IMethodSymbol method = work.Pop();
                callees.Clear();
                if (method.GetDocumentationCommentId() is { } id && Of(summaries, method, null, callees, cancellationToken) is { } portable)
                {
                    members.Add((id, portable));
                }

                foreach (IMethodSymbol callee in callees)
                {
                    if (recorded.Add(callee))
                    {
                        work.Push(callee);
                    }
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
