using System.Collections.Immutable;
using FenceGuard.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Operations
{
    /// <summary>
    /// Whether one operation allocates on the heap, as the current C# compiler emits it. What the compiler caches or
    /// places on the stack is not an allocation: static lambdas and non-capturing lambdas, static method groups
    /// (C# 11+), empty <c>params</c> and empty collection expressions (<c>Array.Empty</c>), spans, <c>stackalloc</c>,
    /// <c>u8</c> literals, constant strings, struct creation.
    /// </summary>
    internal sealed class AllocationClassifier
    {
        private readonly KnownSymbols _symbols;

        private readonly System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, bool> _iterators =
            new System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);

        public AllocationClassifier(KnownSymbols symbols) => _symbols = symbols;

        /// <summary>A description of the allocation, e.g. "boxing 'ulong' to 'object'", or null.</summary>
        public string? Classify(IOperation operation, MemberList allocatingMembers)
        {
            switch (operation)
            {
                case IObjectCreationOperation creation when creation.Type is { IsReferenceType: true } type:
                    return $"'new {Display(type)}'";
                case ITypeParameterObjectCreationOperation { Type: ITypeParameterSymbol typeParameter } when !typeParameter.HasValueTypeConstraint:
                    return $"'new {typeParameter.Name}()' (may be a class)";
                case IArrayCreationOperation array:
                    return ClassifyArray(array);
                case ICollectionExpressionOperation collection:
                    return ClassifyCollection(collection);
                case IConversionOperation { Operand: IAnonymousFunctionOperation or IDelegateCreationOperation } conversion when IsExpressionTree(conversion.Type):
                    return "an expression tree";
                case IConversionOperation conversion when IsBoxing(conversion):
                    return $"boxing '{Display(conversion.Operand.Type!)}' to '{Display(conversion.Type!)}'";
                case IDelegateCreationOperation delegateCreation:
                    return ClassifyDelegate(delegateCreation);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } concat
                    when !concat.ConstantValue.HasValue && concat.Parent is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String }:
                    return "string concatenation";
                case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String }:
                    return "string concatenation";
                case IInterpolatedStringOperation interpolated when !interpolated.ConstantValue.HasValue && interpolated.Parent is not IInterpolatedStringHandlerCreationOperation:
                    return "string interpolation";
                case IAnonymousObjectCreationOperation:
                    return "an anonymous object";
                case IWithOperation { Type.IsReferenceType: true } with:
                    return $"'with' on record class '{Display(with.Type!)}' (a copy)";
                case IEventAssignmentOperation { Adds: true }:
                    return "an event subscription (Delegate.Combine)";
                case IForEachLoopOperation loop:
                    return ClassifyForEach(loop);
                case IInvocationOperation invocation:
                    return ClassifyCall(invocation, allocatingMembers);
                case IPropertyReferenceOperation property when _symbols.MayAllocate(property.Property) || CallTargets.AccessorOf(property) is { } accessor && _symbols.MayAllocate(accessor):
                    return $"'{property.Property.ContainingType.Name}.{property.Property.Name}' ([MayAllocate])";
                default:
                    return null;
            }
        }

        private string? ClassifyCall(IInvocationOperation invocation, MemberList allocatingMembers)
        {
            IMethodSymbol method = invocation.TargetMethod;
            if (invocation.Instance?.Type is { IsValueType: true } receiver && !method.IsStatic &&
                method.ContainingType?.SpecialType is SpecialType.System_Object or SpecialType.System_ValueType or SpecialType.System_Enum &&
                method.Name is not ("HasFlag" or "GetType"))
            {
                // ToString/GetHashCode/Equals not overridden by the struct run on a boxed copy (measured: 24 bytes for an
                // int-sized struct). HasFlag and GetType are folded by the optimizing JIT and allocate nothing there.
                return $"boxing the '{Display(receiver)}' receiver of '{method.ContainingType.Name}.{method.Name}' (not overridden by the struct)";
            }

            string Name() => $"'{method.ContainingType?.Name}.{method.Name}'";
            if (_symbols.MayAllocate(method))
            {
                return Name() + " ([MayAllocate])";
            }

            if (method.ContainingType is { Name: "Enumerable", ContainingNamespace: { Name: "Linq", ContainingNamespace.Name: "System" } })
            {
                return $"LINQ {Name()}";
            }

            if (IsIterator(method))
            {
                return $"a call to iterator {Name()} (its state machine)";
            }

            if (method.IsAsync && method.DeclaringSyntaxReferences.Length > 0)
            {
                return $"a call to async method {Name()} (its state machine)";
            }

            if (allocatingMembers.Contains(method.OriginalDefinition))
            {
                return Name() + " (a known allocating member)";
            }

            return null;
        }

        /// <summary>
        /// A source method whose body has <c>yield</c> (outside nested functions); cached per method. Only a method that
        /// returns an enumerable or an enumerator can be an iterator, so no other method's syntax is searched.
        /// </summary>
        private bool IsIterator(IMethodSymbol method) =>
            method.DeclaringSyntaxReferences.Length > 0 && MayBeIteratorType(method.ReturnType) && _iterators.GetOrAdd(method.OriginalDefinition, static m =>
            {
                foreach (SyntaxReference reference in m.DeclaringSyntaxReferences)
                {
                    foreach (SyntaxNode node in reference.GetSyntax().DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax) || n == reference.GetSyntax()))
                    {
                        if (node is YieldStatementSyntax)
                        {
                            return true;
                        }
                    }
                }

                return false;
            });

        private static bool MayBeIteratorType(ITypeSymbol type) =>
            type.OriginalDefinition.SpecialType is SpecialType.System_Collections_IEnumerable or SpecialType.System_Collections_IEnumerator or
                SpecialType.System_Collections_Generic_IEnumerable_T or SpecialType.System_Collections_Generic_IEnumerator_T ||
            type.Name is "IAsyncEnumerable" or "IAsyncEnumerator";

        private static string? ClassifyArray(IArrayCreationOperation array)
        {
            if (array.IsImplicit && array.Parent is IArgumentOperation { ArgumentKind: ArgumentKind.ParamArray } argument)
            {
                // The compiler passes Array.Empty<T>() for an empty params argument list.
                bool empty = array.Initializer is { ElementValues.Length: 0 };
                return empty ? null : $"the params array of '{(argument.Parameter?.ContainingSymbol as IMethodSymbol)?.Name}'";
            }

            return $"array creation '{Display(array.Type!)}'";
        }

        private string? ClassifyCollection(ICollectionExpressionOperation collection)
        {
            ITypeSymbol? type = collection.Type;
            if (type is INamedTypeSymbol named &&
                (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, _symbols.Span) ||
                 SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, _symbols.ReadOnlySpan)))
            {
                return null; // stack or static data
            }

            if (collection.Elements.Length == 0 && (type is IArrayTypeSymbol || type?.TypeKind == TypeKind.Interface))
            {
                return null; // Array.Empty<T>()
            }

            return type is null ? null : $"a collection expression of type '{Display(type)}'";
        }

        private string? ClassifyDelegate(IDelegateCreationOperation creation)
        {
            if (creation.Syntax is ObjectCreationExpressionSyntax)
            {
                return $"'new {Display(creation.Type!)}(...)' (explicit delegate creation)";
            }

            if (IsExpressionTree(creation.Type))
            {
                return "an expression tree";
            }

            switch (creation.Target)
            {
                case IAnonymousFunctionOperation lambda:
                    return Captures(lambda) is { } captured ? $"a lambda capturing {captured} (a closure and a delegate)" : null;
                case IMethodReferenceOperation reference:
                    bool cachedStatic = reference.Method.IsStatic && reference.Method.MethodKind != MethodKind.ReducedExtension && reference.Instance is null &&
                                        reference.Syntax.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp11 } &&
                                        !InLambdaOfStaticInitialization(creation);
                    return cachedStatic ? null : $"a delegate for the method group '{reference.Method.Name}'";
                default:
                    return null;
            }
        }

        /// <summary>
        /// Whether a delegate creation is inside a lambda written in a static constructor or a static field or property
        /// initializer: the compiler does not cache a static method group's delegate there (measured: 64 bytes each time
        /// the lambda runs, .NET 10), since the cache would itself be initialized by the code being run.
        /// </summary>
        private static bool InLambdaOfStaticInitialization(IOperation creation)
        {
            SyntaxNode? lambda = creation.Syntax.FirstAncestorOrSelf<SyntaxNode>(n => n is AnonymousFunctionExpressionSyntax);
            return lambda?.FirstAncestorOrSelf<MemberDeclarationSyntax>() switch
            {
                ConstructorDeclarationSyntax constructor => constructor.Modifiers.Any(SyntaxKind.StaticKeyword),
                BaseFieldDeclarationSyntax field => field.Modifiers.Any(SyntaxKind.StaticKeyword) || field.Modifiers.Any(SyntaxKind.ConstKeyword),
                PropertyDeclarationSyntax property => property.Modifiers.Any(SyntaxKind.StaticKeyword) && property.Initializer is { } initializer && initializer.Span.Contains(lambda.Span),
                _ => false,
            };
        }

        private bool IsExpressionTree(ITypeSymbol? type) =>
            type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, _symbols.ExpressionOfT);

        /// <summary>What a lambda captures ("'x'", "'this'"), or null when it captures nothing (the compiler caches it).</summary>
        private static string? Captures(IAnonymousFunctionOperation lambda) =>
            lambda.Symbol.IsStatic ? null : CapturedBy(lambda, lambda.Syntax.Span, lambda);

        /// <summary>
        /// The first variable <paramref name="function"/> (a lambda or a local function, written at <paramref name="span"/>)
        /// captures: <c>this</c>, or a local or parameter declared outside it; or what a non-static local function it calls,
        /// declared outside it, captures (calling one captures what it captures: measured 88 bytes, a closure and a delegate).
        /// </summary>
        private static string? CapturedBy(IOperation function, Microsoft.CodeAnalysis.Text.TextSpan span, IAnonymousFunctionOperation? lambda)
        {
            foreach (IOperation operation in function.Descendants())
            {
                switch (operation)
                {
                    case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                        return "'this'";
                    case ILocalReferenceOperation local when DeclaredOutside(local.Local, span):
                        return $"'{local.Local.Name}'";
                    case IParameterReferenceOperation parameter when DeclaredOutside(parameter.Parameter, span):
                        return $"'{parameter.Parameter.Name}'";
                    case IInvocationOperation { TargetMethod: { MethodKind: MethodKind.LocalFunction, IsStatic: false } local } when lambda is not null &&
                        DeclaredOutside(local, span) && LocalFunctionCaptures(lambda, local) is { } through:
                        return $"{through} (through the local function '{local.Name}')";
                }
            }

            return null;
        }

        /// <summary>What a local function declared outside <paramref name="lambda"/> captures, found in the body that declares both, or null.</summary>
        private static string? LocalFunctionCaptures(IAnonymousFunctionOperation lambda, IMethodSymbol local)
        {
            foreach (IOperation operation in lambda.Root().Descendants())
            {
                if (operation is ILocalFunctionOperation declaration && SymbolEqualityComparer.Default.Equals(declaration.Symbol, local))
                {
                    return CapturedBy(declaration, declaration.Syntax.Span, null);
                }
            }

            return null;
        }

        private static bool DeclaredOutside(ISymbol symbol, Microsoft.CodeAnalysis.Text.TextSpan span)
        {
            // Locations are cached on the symbol; DeclaringSyntaxReferences would allocate on every reference.
            ImmutableArray<Location> locations = symbol.Locations;
            return !locations.IsEmpty && locations[0].IsInSource && !span.Contains(locations[0].SourceSpan);
        }

        private static bool IsBoxing(IConversionOperation conversion)
        {
            if (conversion.Conversion.IsUserDefined || conversion.Operand.Type is not { } from || conversion.Type is not { } to)
            {
                return false;
            }

            if (!to.IsReferenceType)
            {
                return false;
            }

            // Enum.HasFlag is a JIT intrinsic: neither its receiver nor its argument is boxed at run time.
            if (conversion.Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "HasFlag", ContainingType.SpecialType: SpecialType.System_Enum } } })
            {
                return false;
            }

            return from switch
            {
                ITypeParameterSymbol typeParameter => !typeParameter.HasReferenceTypeConstraint && typeParameter.ConstraintTypes.Length == 0
                                                      || typeParameter.HasValueTypeConstraint,
                _ => from.IsValueType,
            };
        }

        private static string? ClassifyForEach(IForEachLoopOperation loop)
        {
            if (loop.IsAsynchronous || loop.Syntax is not CommonForEachStatementSyntax syntax || loop.SemanticModel is null)
            {
                return null;
            }

            ITypeSymbol? collectionType = loop.Collection is IConversionOperation { IsImplicit: true } implicitConversion
                ? implicitConversion.Operand.Type
                : loop.Collection.Type;
            if (collectionType is IArrayTypeSymbol || collectionType?.SpecialType == SpecialType.System_String)
            {
                return null; // the compiler lowers these to index loops
            }

            ForEachStatementInfo info = loop.SemanticModel.GetForEachStatementInfo(syntax);
            ITypeSymbol? enumerator = info.GetEnumeratorMethod?.ReturnType;
            if (enumerator is null || !enumerator.IsReferenceType)
            {
                return null; // arrays, strings, spans, List<T> and other struct enumerators
            }

            return $"a foreach over '{Display(loop.Collection is IConversionOperation c ? c.Operand.Type! : loop.Collection.Type!)}' (its enumerator '{Display(enumerator)}')";
        }

        private static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
    }
}
