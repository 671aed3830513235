using FenceGuard.Analyzers.Operations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Facts
{
    /// <summary>
    /// What a delegate value is, as far as one body can tell: a method of the compilation (a lambda, anonymous method,
    /// local function or method group, written in place or held by a local given one value); a field, property or
    /// event it is read from (<see cref="Holder"/>: what it runs is whatever the compilation stores there); or one of
    /// the method's own parameters (what its callers pass). Anything else (a call's result, a value from metadata or
    /// reflection) has no source and is unknown.
    /// </summary>
    internal sealed class DelegateSource
    {
        private DelegateSource(IMethodSymbol? method, ISymbol? holder, int parameter)
        {
            Method = method;
            Holder = holder;
            Parameter = parameter;
        }

        /// <summary>The method the value runs, when the expression says.</summary>
        public IMethodSymbol? Method { get; }

        /// <summary>The field, property or event the value is read from.</summary>
        public ISymbol? Holder { get; }

        /// <summary>The ordinal of the method's own parameter the value is, or -1.</summary>
        public int Parameter { get; }

        public static DelegateSource ForMethod(IMethodSymbol method) => new DelegateSource(method, null, -1);

        public static DelegateSource ForHolder(ISymbol holder) => new DelegateSource(null, holder, -1);

        /// <summary>
        /// The source of <paramref name="value"/>, a delegate-typed expression in a body of <paramref name="owner"/> (its
        /// parameters are the ones <see cref="Parameter"/> can name), or null when it is unknown. A method group of a
        /// <paramref name="recorded"/> assembly is a method like one of this compilation's.
        /// </summary>
        public static DelegateSource? Of(IOperation? value, IMethodSymbol? owner, Symbols.RecordedAssemblies recorded)
        {
            IOperation? unwrapped = CallTargets.DelegateValue(value); // once: through a local, it searches the body
            if (CallTargets.MethodOf(unwrapped, recorded) is { } method)
            {
                return ForMethod(method);
            }

            if (CallTargets.StoredInto(unwrapped) is { } holder)
            {
                return ForHolder(holder);
            }

            return unwrapped is IParameterReferenceOperation { Parameter: { Type.TypeKind: TypeKind.Delegate } parameter } &&
                owner is not null && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol?.OriginalDefinition, owner.OriginalDefinition)
                ? new DelegateSource(null, null, parameter.Ordinal)
                : null;
        }

        public override bool Equals(object? obj) =>
            obj is DelegateSource other && Parameter == other.Parameter &&
            SymbolEqualityComparer.Default.Equals(Method, other.Method) && SymbolEqualityComparer.Default.Equals(Holder, other.Holder);

        public override int GetHashCode() =>
            (SymbolEqualityComparer.Default.GetHashCode(Method) * 31 + SymbolEqualityComparer.Default.GetHashCode(Holder)) * 31 + Parameter;
    }
}
