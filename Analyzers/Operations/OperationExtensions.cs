using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Operations
{
    internal static class OperationExtensions
    {
        /// <summary>The 1-based line an operation starts on, for messages.</summary>
        public static int Line(this IOperation operation) => operation.Syntax.Line();

        /// <summary>The 1-based line a syntax node starts on, for messages.</summary>
        public static int Line(this SyntaxNode syntax) => syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

        /// <summary>The root of the operation tree <paramref name="operation"/> is in: the body it was bound with.</summary>
        public static IOperation Root(this IOperation operation)
        {
            while (operation.Parent is { } parent)
            {
                operation = parent;
            }

            return operation;
        }

        /// <summary>The operand under any implicit or explicit conversions.</summary>
        public static IOperation? WithoutConversions(this IOperation? operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        /// <summary>
        /// The operation that consumes <paramref name="operation"/>'s value, above any conversions of it: the other
        /// direction of <see cref="WithoutConversions"/>, so both directions are skipped the same way everywhere.
        /// </summary>
        public static IOperation? ConsumerSkippingConversions(this IOperation operation) => operation.ConvertedForm().Parent;

        /// <summary><paramref name="operation"/> with the conversions applied to its value, the outermost one.</summary>
        public static IOperation ConvertedForm(this IOperation operation)
        {
            while (operation.Parent is IConversionOperation conversion)
            {
                operation = conversion;
            }

            return operation;
        }

        /// <summary>The value passed for the parameter at <paramref name="ordinal"/> (named and reordered arguments included), or null.</summary>
        public static IOperation? ArgumentFor(this ImmutableArray<IArgumentOperation> arguments, int ordinal)
        {
            foreach (IArgumentOperation argument in arguments)
            {
                if (argument.Parameter?.Ordinal == ordinal)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        /// <summary>The nearest lambda or local function around <paramref name="operation"/> (below <paramref name="root"/>), or null.</summary>
        public static IOperation? ContainingFunction(this IOperation operation, IOperation? root = null)
        {
            for (IOperation? current = operation.Parent; current is not null && current != root; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return current;
                }
            }

            return null;
        }
    }
}
