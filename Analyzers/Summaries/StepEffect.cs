using FenceGuard.Analyzers.Operations;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>
    /// One effect a step has when it runs (<see cref="StepEffects"/>): its own (<see cref="Through"/> null), or one a
    /// method it runs has, that method named so a message can print the chain, with the delegate hop it is reached
    /// through when it is a delegate's target.
    /// </summary>
    internal readonly struct StepEffect
    {
        public StepEffect(EffectKind kind, IMethodSymbol? through, DelegateHop? via = null)
        {
            Kind = kind;
            Through = through;
            Via = via;
        }

        public EffectKind Kind { get; }

        /// <summary>The method whose summary has the effect, or null for the step's own.</summary>
        public IMethodSymbol? Through { get; }

        /// <summary>When <see cref="Through"/> is a delegate's target: the member or parameter the step reaches it through.</summary>
        public DelegateHop? Via { get; }

        public void Deconstruct(out EffectKind kind, out IMethodSymbol? through)
        {
            kind = Kind;
            through = Through;
        }
    }
}
