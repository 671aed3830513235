using System.Collections.Generic;
using System.Linq;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Summaries;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Reporting
{
    /// <summary>How messages name methods and the call chains that give a method its effects.</summary>
    internal static class CallChains
    {
        /// <summary>
        /// How messages name what a call does through its callee, and where each hop is:
        /// <c>the call to 'Retire' (Retire → Trace → Format: 'new StringBuilder')</c>.
        /// </summary>
        /// <remarks>
        /// When <paramref name="callee"/> is a delegate's target reached through <paramref name="via"/>, the call is to
        /// what the step names: <c>the call to 'Run' (Run → its parameter 'action' (Nap): 'Thread.Sleep')</c>, or
        /// <c>the call to '_onRetire' (_onRetire (the lambda at Policy.cs line 27): 'ManualResetEventSlim.Wait')</c>.
        /// </remarks>
        public static (string Text, List<Location> Hops) DescribeCall(MethodSummaries summaries, IMethodSymbol callee, EffectKind kind, DelegateHop? via = null)
        {
            (List<string> names, List<Location> hops, string construct) = Chain(summaries, callee, kind);
            if (via is null)
            {
                return ($"the call to '{DisplayName(callee)}' ({string.Join(" → ", names)}: {construct})", hops);
            }

            names[0] = HopName(via);
            string called = via.Callee is { } invoker ? DisplayName(invoker) : via.Holder.Name;
            return ($"the call to '{called}' ({string.Join(" → ", names)}: {construct})", hops);
        }

        /// <summary>A delegate hop in a chain: <c>Run → its parameter 'action' (Nap)</c>, <c>Retired (OnRetired)</c>.</summary>
        private static string HopName(DelegateHop hop) => hop.Callee is { } invoker
            ? $"{DisplayName(invoker)} → its parameter '{hop.Holder.Name}' ({TargetName(hop.Target)})"
            : $"{hop.Holder.Name} ({TargetName(hop.Target)})";

        /// <summary>A delegate's target: a method by name, a lambda by file and line (it may be written anywhere).</summary>
        private static string TargetName(IMethodSymbol target) =>
            target.MethodKind == MethodKind.AnonymousFunction && target.Locations.FirstOrDefault() is { } location
                ? $"the lambda at {System.IO.Path.GetFileName(location.SourceTree?.FilePath)} line {location.GetLineSpan().StartLinePosition.Line + 1}"
                : DisplayName(target);

        /// <summary>The chain of a witness: method names from <paramref name="start"/> to the direct effect, and every hop's location.</summary>
        private static (List<string> Names, List<Location> Locations, string Construct) Chain(MethodSummaries summaries, IMethodSymbol start, EffectKind kind)
        {
            var names = new List<string> { DisplayName(start) };
            var locations = new List<Location>();
            var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { Operations.CallTargets.SummaryKey(start) };
            IMethodSymbol current = Operations.CallTargets.SummaryKey(start);
            while (summaries.Known(current) is { } summary && summary[kind] is { } witness)
            {
                if (locations.Count == 0 || locations[locations.Count - 1] != witness.Location)
                {
                    locations.Add(witness.Location); // a workload's own witness is where the dispatch hop already points
                }

                if (witness.External is { } external)
                {
                    // Into another assembly: its member by type, then the hops its record gives, member by member.
                    names[names.Count - 1] = QualifiedName(current);
                    return External(external, kind, names, locations);
                }

                if (witness.Callee is null)
                {
                    return (names, locations, witness.Construct ?? "?");
                }

                if (!seen.Add(witness.Callee))
                {
                    return (names, locations, $"'{DisplayName(witness.Callee)}'");
                }

                names.Add(HopName(witness, names[names.Count - 1]));
                current = witness.Callee;
            }

            return (names, locations, "?");
        }

        /// <summary>The rest of a chain inside another assembly, from its recorded hops (at most 64: a record is not trusted to end).</summary>
        private static (List<string> Names, List<Location> Locations, string Construct) External(ExternalHop hop, EffectKind kind, List<string> names, List<Location> locations)
        {
            for (int hops = 0; hops < 64; hops++)
            {
                if (hop.Construct is { } construct)
                {
                    return (names, locations, $"{construct} at {Places.Where(hop.Location)}");
                }

                names.Add(hop.NextName ?? "?");
                if (hop.Next?[kind]?.External is not { } next)
                {
                    break;
                }

                locations.Add(next.Location);
                hop = next;
            }

            return (names, locations, "?");
        }

        /// <summary>
        /// How a chain names the hop from a witness to its callee: the callee, a delegate's target through its holder or
        /// parameter, or a dispatch hop by its type (an override's name is its base's).
        /// </summary>
        public static string HopName(Witness witness, string previous)
        {
            string name = witness.Via is { } hop ? HopName(hop) : DisplayName(witness.Callee!);
            return name == previous ? $"{witness.Callee!.ContainingType?.Name}.{name}" : name;
        }

        /// <summary>A method of another assembly, by its type: <c>XLib.Tracing.Format</c>.</summary>
        public static string QualifiedName(IMethodSymbol method)
        {
            if (method.ContainingType is not { } type)
            {
                return DisplayName(method);
            }

            string typeName = type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None));
            return method.MethodKind == MethodKind.Constructor ? "new " + typeName : $"{typeName}.{DisplayName(method)}";
        }

        /// <summary>How messages name a method: accessors by their property, constructors as 'new T', operators by kind.</summary>
        public static string DisplayName(IMethodSymbol method) => method.MethodKind switch
        {
            MethodKind.PropertyGet or MethodKind.PropertySet => method.AssociatedSymbol?.Name ?? method.Name,
            MethodKind.Constructor => "new " + method.ContainingType.Name,
            MethodKind.AnonymousFunction => "the lambda at line " + (method.Locations.FirstOrDefault()?.GetLineSpan().StartLinePosition.Line + 1),
            MethodKind.UserDefinedOperator or MethodKind.Conversion => "operator " + (method.Name.StartsWith("op_", System.StringComparison.Ordinal) ? method.Name.Substring(3) : method.Name),
            _ => method.Name,
        };
    }
}
