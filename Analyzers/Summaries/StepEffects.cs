using System.Collections.Generic;
using System.Threading;
using FenceGuard.Analyzers.Facts;
using FenceGuard.Analyzers.Operations;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>
    /// What a step does when it runs, by the one policy (<see cref="MethodSummary.Covers"/>): each effect its callee has
    /// that its own effect does not stand for (with the callee, so a message can name the chain), then its own effect,
    /// then what the delegates it runs do (a field's, property's or event's, and each argument whose parameter the
    /// callee invokes). Each kind once. Every rule that looks through calls asks here.
    /// </summary>
    internal static class StepEffects
    {
        public static IEnumerable<StepEffect> Of(Step step, MethodSummaries summaries, CancellationToken cancellationToken)
        {
            int seen = 0; // the kinds yielded, as bits
            foreach (StepEffect effect in Of(step.Effect, step.Callee, summaries, cancellationToken))
            {
                seen |= 1 << (int)effect.Kind;
                yield return effect;
            }

            foreach (DelegateHop hop in summaries.DelegatesRunBy(step, cancellationToken))
            {
                foreach (StepEffect effect in Through(hop.Target, step.Effect, summaries, cancellationToken))
                {
                    if ((seen & (1 << (int)effect.Kind)) == 0)
                    {
                        seen |= 1 << (int)effect.Kind;
                        yield return new StepEffect(effect.Kind, hop.Target, hop);
                    }
                }
            }
        }

        /// <summary>The same for an operation with effect <paramref name="own"/> that calls <paramref name="callee"/>.</summary>
        public static IEnumerable<StepEffect> Of(Effect? own, IMethodSymbol? callee, MethodSummaries summaries, CancellationToken cancellationToken)
        {
            if (callee is not null)
            {
                foreach (StepEffect through in Through(callee, own, summaries, cancellationToken))
                {
                    yield return through;
                }
            }

            if (own is { } effect)
            {
                yield return new StepEffect(effect.Kind, null);
            }
        }

        /// <summary>What running <paramref name="method"/> adds to an operation whose own effect is <paramref name="own"/> (<see cref="MethodSummary.Covers"/>).</summary>
        private static IEnumerable<StepEffect> Through(IMethodSymbol method, Effect? own, MethodSummaries summaries, CancellationToken cancellationToken)
        {
            MethodSummary summary = summaries.Get(method, cancellationToken);
            foreach (EffectKind kind in MethodSummary.TransitiveKinds)
            {
                if (summary[kind] is not null && !MethodSummary.Covers(own?.Kind, kind))
                {
                    yield return new StepEffect(kind, method);
                }
            }
        }
    }
}
