using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>
    /// How a call reaches a delegate's target: through the field, property or event it is read from
    /// (<c>_onRetire</c>), or through a callee's parameter that the callee invokes (<c>Run</c>'s parameter
    /// <c>action</c>). Messages name the hop: <c>_onRetire (the lambda at Policy.cs line 27)</c>.
    /// </summary>
    internal sealed class DelegateHop
    {
        public DelegateHop(ISymbol holder, IMethodSymbol? callee, IMethodSymbol target)
        {
            Holder = holder;
            Callee = callee;
            Target = target;
        }

        /// <summary>The field, property or event the delegate is read from, or the callee's parameter it is passed for.</summary>
        public ISymbol Holder { get; }

        /// <summary>For a parameter: the callee that invokes it; null for a member.</summary>
        public IMethodSymbol? Callee { get; }

        /// <summary>The method the delegate runs.</summary>
        public IMethodSymbol Target { get; }
    }
}
