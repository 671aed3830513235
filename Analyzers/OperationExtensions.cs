using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers
{
    internal static class OperationExtensions
    {
        /// <summary>The 1-based line an operation starts on, for messages.</summary>
        public static int Line(this IOperation operation) => operation.Syntax.Line();

        /// <summary>The 1-based line a syntax node starts on, for messages.</summary>
        public static int Line(this SyntaxNode syntax) => syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

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
