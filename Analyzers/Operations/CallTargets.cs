using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Operations
{
    /// <summary>
    /// The one place that knows which method an operation calls when it runs: invocations (a lambda invoked in place
    /// included), constructors, property accessors, user-defined operators and conversions, and the <c>Dispose</c> a
    /// <c>using</c> calls. Only methods with a body in this compilation, or with a recorded summary, are returned.
    /// </summary>
    internal static class CallTargets
    {
        /// <summary>
        /// The callee of a call-like operation whose body is in this compilation, or whose assembly's summaries are
        /// recorded (<paramref name="recorded"/>: a call into it is summarized like one into this compilation), or null.
        /// </summary>
        public static IMethodSymbol? CalleeOf(IOperation operation, Symbols.RecordedAssemblies recorded)
        {
            IMethodSymbol? method = operation switch
            {
                IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke, Instance: { } target } when DelegateTarget(target, recorded) is { } known => known,
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
            return method is null ? null
                : (method.DeclaringSyntaxReferences.Length > 0 && InCompilationOf(method, operation)) || recorded.Contains(method.ContainingAssembly) ? SummaryKey(method)
                : null;
        }

        /// <summary>
        /// Whether <paramref name="method"/> is declared in the compilation <paramref name="context"/> was bound in. A method of
        /// a referenced project in the IDE (a compilation reference) has syntax too, in another compilation: its body is
        /// not this compilation's to bind, so it is treated as metadata.
        /// </summary>
        public static bool InCompilationOf(IMethodSymbol method, IOperation context) =>
            context.SemanticModel?.Compilation is not { } compilation || SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, compilation.Assembly);

        /// <summary>
        /// The method a call's summary is kept under: its original definition, except that a member that dispatches
        /// (an interface member, or a virtual or abstract one) of a constructed generic type keeps the type's arguments.
        /// They decide which implementations it can reach: <c>ISink&lt;FrameInfo&gt;.Put</c> never runs the
        /// <c>ISink&lt;ulong&gt;</c> implementation.
        /// </summary>
        public static IMethodSymbol SummaryKey(IMethodSymbol method)
        {
            if (method.ContainingType is { IsGenericType: true } type && !SymbolEqualityComparer.Default.Equals(type, type.OriginalDefinition) &&
                (type.TypeKind == TypeKind.Interface || method.IsVirtual || method.IsAbstract || method.IsOverride))
            {
                return method.ConstructedFrom; // the method's own type arguments dropped, the type's kept
            }

            return method.OriginalDefinition;
        }

        /// <summary>
        /// Whether <paramref name="implementation"/> (an implementation or override of a generic type's member) can be the
        /// one a call through <paramref name="called"/>, a construction of that type, runs: its type implements or derives
        /// from that construction, or from one with type parameters in its place (an open generic implementation).
        /// </summary>
        public static bool CanRunFor(IMethodSymbol implementation, INamedTypeSymbol called)
        {
            if (implementation.ContainingType is not { } type)
            {
                return true;
            }

            for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
            {
                if (Unifies(current, called))
                {
                    return true;
                }
            }

            foreach (INamedTypeSymbol @interface in type.AllInterfaces)
            {
                if (Unifies(@interface, called))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Unifies(INamedTypeSymbol candidate, INamedTypeSymbol called)
        {
            if (!SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, called.OriginalDefinition) || candidate.TypeArguments.Length != called.TypeArguments.Length)
            {
                return false;
            }

            for (int i = 0; i < candidate.TypeArguments.Length; i++)
            {
                ITypeSymbol mine = candidate.TypeArguments[i], theirs = called.TypeArguments[i];
                if (!SymbolEqualityComparer.Default.Equals(mine, theirs) && !MentionsTypeParameter(mine) && !MentionsTypeParameter(theirs))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool MentionsTypeParameter(ITypeSymbol type) => type switch
        {
            ITypeParameterSymbol => true,
            IArrayTypeSymbol array => MentionsTypeParameter(array.ElementType),
            INamedTypeSymbol named => named.TypeArguments.Any(MentionsTypeParameter),
            _ => false,
        };

        /// <summary>
        /// The method a delegate value runs when invoked, when the expression says: a lambda or anonymous method
        /// (<c>((Action)(() => ...))()</c> included), or a method group of the compilation, written in place or held by a
        /// local given no other value (see <see cref="DelegateValue"/>); null otherwise.
        /// </summary>
        public static IMethodSymbol? DelegateTarget(IOperation? value, Symbols.RecordedAssemblies recorded) => MethodOf(DelegateValue(value), recorded);

        /// <summary>
        /// The method a delegate value already unwrapped by <see cref="DelegateValue"/> runs, or null: a lambda, or a
        /// method group of this compilation or of a recorded assembly (whose summary is then the delegate's).
        /// </summary>
        public static IMethodSymbol? MethodOf(IOperation? delegateValue, Symbols.RecordedAssemblies recorded) => delegateValue switch
        {
            IAnonymousFunctionOperation lambda => lambda.Symbol,
            IMethodReferenceOperation { Method: { } method } reference
                when (method.DeclaringSyntaxReferences.Length > 0 && InCompilationOf(method, reference)) || recorded.Contains(method.ContainingAssembly) => SummaryKey(method),
            _ => null,
        };

        /// <summary>
        /// The lambda or method reference a delegate value is (conversions, delegate creation and parentheses skipped),
        /// looking through a local to its one value in the body (<see cref="OnlyValueOf"/>); otherwise the value itself.
        /// </summary>
        public static IOperation? DelegateValue(IOperation? value)
        {
            IOperation? unwrapped = Unwrapped(value);
            return unwrapped is ILocalReferenceOperation reference && OnlyValueOf(reference.Local, reference) is { } held ? Unwrapped(held) : unwrapped;
        }

        /// <summary>
        /// The one value <paramref name="local"/> is given in the body <paramref name="anywhere"/> belongs to: its initializer
        /// or its single assignment; null when it is given two or more (flow-insensitive: which one runs is not known).
        /// </summary>
        public static IOperation? OnlyValueOf(ILocalSymbol local, IOperation anywhere)
        {
            IOperation? value = null;
            foreach (IOperation operation in anywhere.Root().Descendants())
            {
                IOperation? given = operation switch
                {
                    IVariableDeclaratorOperation { Initializer: { } initializer } declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local) => initializer.Value,
                    ISimpleAssignmentOperation { Target: ILocalReferenceOperation assigned } assignment when SymbolEqualityComparer.Default.Equals(assigned.Local, local) => assignment.Value,
                    _ => null,
                };
                if (given is not null)
                {
                    if (value is not null)
                    {
                        return null;
                    }

                    value = given;
                }
            }

            return value;
        }

        /// <summary>
        /// The member a delegate value is read from when it is a field, a property or an event (<c>_onRetire()</c>,
        /// <c>Retired?.Invoke(...)</c>), looking through a local to its one value; null otherwise. What it runs is
        /// whatever is stored into the member (<c>DelegateTargets</c>).
        /// </summary>
        public static ISymbol? HolderOf(IOperation? value) => StoredInto(DelegateValue(value));

        /// <summary>The delegate-typed field, property or event an assignment or subscription target is, or null.</summary>
        public static ISymbol? StoredInto(IOperation? target) => target switch
        {
            IFieldReferenceOperation { Field: var field } when HoldsDelegates(field) => field.OriginalDefinition,
            IPropertyReferenceOperation { Property: var property } when HoldsDelegates(property) => property.OriginalDefinition,
            IEventReferenceOperation { Event: { } @event } => @event.OriginalDefinition,
            _ => null,
        };

        /// <summary>Whether a member holds a delegate something can be stored into: a delegate-typed field or argument-less property, or an event.</summary>
        public static bool HoldsDelegates(ISymbol member) => member switch
        {
            IFieldSymbol field => field.Type.TypeKind == TypeKind.Delegate,
            IPropertySymbol property => property.Type.TypeKind == TypeKind.Delegate && property.Parameters.IsEmpty,
            IEventSymbol => true,
            _ => false,
        };

        /// <summary>
        /// The target and value of an operation that stores a delegate, as the one definition of a store: <c>=</c>, <c>+=</c>
        /// and <c>??=</c>, and an event subscription (<c>-=</c> stores nothing); (null, null) for any other operation. The
        /// target is a store only if <see cref="StoredInto"/> names a member.
        /// </summary>
        public static (IOperation? Target, IOperation? Value) StoreOf(IOperation? operation) => operation switch
        {
            IEventAssignmentOperation { Adds: true } subscription => (subscription.EventReference, subscription.HandlerValue),
            ISimpleAssignmentOperation assignment => (assignment.Target, assignment.Value),
            ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add } combined => (combined.Target, combined.Value),
            ICoalesceAssignmentOperation coalesce => (coalesce.Target, coalesce.Value),
            _ => (null, null),
        };

        private static IOperation? Unwrapped(IOperation? target)
        {
            while (target is IConversionOperation or IDelegateCreationOperation or IParenthesizedOperation or IConditionalAccessInstanceOperation)
            {
                target = target switch
                {
                    IConversionOperation conversion => conversion.Operand,
                    IDelegateCreationOperation creation => creation.Target,
                    IConditionalAccessInstanceOperation instance => AccessedBy(instance),
                    _ => ((IParenthesizedOperation)target).Operand,
                };
            }

            return target;
        }

        /// <summary>What <c>x?.Invoke()</c>'s implicit instance stands for: the nearest conditional access's <c>x</c>.</summary>
        private static IOperation? AccessedBy(IConditionalAccessInstanceOperation instance)
        {
            // The access whose WhenNotNull holds the instance: in a?.b?.Invoke(), '.b' is the inner access's operand and
            // belongs to the outer one.
            IOperation child = instance;
            for (IOperation? current = instance.Parent; current is not null; child = current, current = current.Parent)
            {
                if (current is IConditionalAccessOperation access && access.WhenNotNull == child)
                {
                    return access.Operation;
                }
            }

            return null;
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
