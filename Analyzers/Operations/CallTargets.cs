using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Operations
{
    /// <summary>
    /// The one place that knows which method an operation calls when it runs: invocations (a lambda invoked in place
    /// included), constructors, property accessors, user-defined operators and conversions, and the <c>Dispose</c> a
    /// <c>using</c> calls. Only methods with a body in this compilation are returned.
    /// </summary>
    internal static class CallTargets
    {
        /// <summary>The callee of a call-like operation whose body is in this compilation, or null.</summary>
        public static IMethodSymbol? CalleeOf(IOperation operation)
        {
            IMethodSymbol? method = operation switch
            {
                IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke, Instance: { } target } when InvokedInPlace(target) is { } lambda => lambda,
                IInvocationOperation invocation => invocation.TargetMethod,
                IUsingOperation { IsAsynchronous: false } usingStatement => DisposeOf(ResourceType(usingStatement.Resources), operation),
                IUsingDeclarationOperation { IsAsynchronous: false } usingDeclaration => DisposeOf(ResourceType(usingDeclaration.DeclarationGroup), operation),
                IObjectCreationOperation creation => creation.Constructor,
                IPropertyReferenceOperation property => AccessorOf(property),
                IBinaryOperation binary => binary.OperatorMethod,
                ICompoundAssignmentOperation compound => compound.OperatorMethod, // x += y with a user-defined operator
                IIncrementOrDecrementOperation step => step.OperatorMethod,
                IUnaryOperation unary => unary.OperatorMethod,
                IConversionOperation { Conversion.IsUserDefined: true } conversion => conversion.Conversion.MethodSymbol,
                _ => null,
            };
            return method is { DeclaringSyntaxReferences.Length: > 0 } ? method.OriginalDefinition : null;
        }

        /// <summary>The lambda of <c>((Action)(() => ...))()</c>: a lambda invoked where it is written.</summary>
        private static IMethodSymbol? InvokedInPlace(IOperation target)
        {
            while (target is IConversionOperation or IDelegateCreationOperation or IParenthesizedOperation)
            {
                target = target switch
                {
                    IConversionOperation conversion => conversion.Operand,
                    IDelegateCreationOperation creation => creation.Target,
                    _ => ((IParenthesizedOperation)target).Operand,
                };
            }

            return (target as IAnonymousFunctionOperation)?.Symbol;
        }

        private static ITypeSymbol? ResourceType(IOperation? resources) => resources switch
        {
            IVariableDeclarationGroupOperation { Declarations: { Length: > 0 } declarations } when declarations[0].Declarators.Length > 0 => declarations[0].Declarators[0].Symbol.Type,
            IConversionOperation conversion => conversion.Operand.Type,
            { } expression => expression.Type,
            _ => null,
        };

        /// <summary>The <c>Dispose</c> a <c>using</c> calls on a resource of this type, when it has a body in the compilation.</summary>
        private static IMethodSymbol? DisposeOf(ITypeSymbol? type, IOperation operation)
        {
            if (type is null || operation.SemanticModel?.Compilation is not { } compilation)
            {
                return null;
            }

            foreach (ISymbol member in compilation.GetSpecialType(SpecialType.System_IDisposable).GetMembers("Dispose"))
            {
                if (type.FindImplementationForInterfaceMember(member) is IMethodSymbol implementation)
                {
                    return implementation;
                }
            }

            // A ref struct's pattern-based Dispose.
            return type.GetMembers("Dispose").OfType<IMethodSymbol>().FirstOrDefault(m => !m.IsStatic && m.Parameters.IsEmpty);
        }

        /// <summary>The accessor a property reference runs: the setter when it is assigned, the getter otherwise (source or metadata).</summary>
        public static IMethodSymbol? AccessorOf(IPropertyReferenceOperation property) =>
            IsWrite(property) ? property.Property.SetMethod : property.Property.GetMethod;

        private static bool IsWrite(IPropertyReferenceOperation property) =>
            property.Parent is IAssignmentOperation assignment && assignment.Target == property;
    }
}
