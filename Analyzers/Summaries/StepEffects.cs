using System.Collections.Generic;
using System.Threading;
using FenceGuard.Analyzers.Facts;
using FenceGuard.Analyzers.Operations;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>
    /// What a step does when it runs, by the one policy (<see cref="MethodSummary.Covers"/>): each effect its callee has
    /// that its own effect does not stand for (with the callee, so a message can name the chain), then its own effect.
    /// Every rule that looks through calls asks here.
    /// </summary>
    internal static class StepEffects
    {
        public static IEnumerable<(EffectKind Kind, IMethodSymbol? Through)> Of(Step step, MethodSummaries summaries, CancellationToken cancellationToken)
        {
            foreach ((EffectKind Kind, IMethodSymbol? Through) effect in Of(step.Effect, step.Callee, summaries, cancellationToken))
            {
                yield return effect;
            }

            // A lambda or method group passed to a callee that invokes that parameter runs in the call.
            if (step is { Callee: { } callee, DelegateArguments: { } arguments })
            {
                IReadOnlyList<int> invoked = summaries.FactsOf(callee, cancellationToken).InvokedParameters;
                foreach ((int ordinal, IMethodSymbol target) in arguments)
                {
                    if (!System.Linq.Enumerable.Contains(invoked, ordinal))
                    {
                        continue;
                    }

                    foreach ((EffectKind Kind, IMethodSymbol? Through) effect in Through(target, step.Effect, summaries, cancellationToken))
                    {
                        yield return effect;
                    }
                }
            }
        }

        /// <summary>The same for an operation with effect <paramref name="own"/> that calls <paramref name="callee"/>.</summary>
        public static IEnumerable<(EffectKind Kind, IMethodSymbol? Through)> Of(Effect? own, IMethodSymbol? callee, MethodSummaries summaries, CancellationToken cancellationToken)
        {
            if (callee is not null)
            {
                foreach ((EffectKind Kind, IMethodSymbol? Through) through in Through(callee, own, summaries, cancellationToken))
                {
                    yield return through;
                }
            }

            if (own is { } effect)
            {
                yield return (effect.Kind, null);
            }
        }

        /// <summary>What running <paramref name="method"/> adds to an operation whose own effect is <paramref name="own"/> (<see cref="MethodSummary.Covers"/>).</summary>
        private static IEnumerable<(EffectKind Kind, IMethodSymbol? Through)> Through(IMethodSymbol method, Effect? own, MethodSummaries summaries, CancellationToken cancellationToken)
        {
            MethodSummary summary = summaries.Get(method, cancellationToken);
            foreach (EffectKind kind in MethodSummary.TransitiveKinds)
            {
                if (summary[kind] is not null && !MethodSummary.Covers(own?.Kind, kind))
                {
                    yield return (kind, method);
                }
            }
        }
    }
}
