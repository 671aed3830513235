using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using FenceGuard.Analyzers.Facts;
using FenceGuard.Analyzers.Operations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>
    /// The methods a delegate held in a field, property or event can run, for one compilation: every lambda, anonymous
    /// method, local function and method group the compilation stores there (an assignment, <c>+=</c>, <c>??=</c>, an
    /// initializer, an object initializer, an event subscription), flow-insensitively, and through what is stored from
    /// another such member or from a parameter (a constructor's <c>_onRetire = onRetire</c> takes what its callers pass).
    /// </summary>
    /// <remarks>
    /// A store into a member, and a call that passes an argument, always name it. One syntax pass over the compilation,
    /// made the first time a delegate held in a member matters, indexes every assignment, initializer, call and
    /// creation by that name; after it, only the nodes that name the member asked about are bound (only in its own
    /// type's files when it is private), once per member. What code in other assemblies stores, reflection, and
    /// delegates built at run time are unknown.
    /// </remarks>
    internal sealed class DelegateTargets
    {
        private readonly Compilation _compilation;
        private readonly object _indexGate = new object();
        private Dictionary<string, List<SyntaxNode>>? _index;
        private readonly ConcurrentDictionary<ISymbol, Lazy<IReadOnlyList<IMethodSymbol>>> _resolved =
            new ConcurrentDictionary<ISymbol, Lazy<IReadOnlyList<IMethodSymbol>>>(SymbolEqualityComparer.Default);

        public DelegateTargets(Compilation compilation) => _compilation = compilation;

        /// <summary>What <paramref name="source"/> can run: its method, or what is stored in its member; none for a parameter (its callers bind it).</summary>
        public IReadOnlyList<IMethodSymbol> Of(DelegateSource source, CancellationToken cancellationToken)
        {
            if (source.Method is { } method)
            {
                return new[] { method };
            }

            if (source.Holder is not { } holder)
            {
                return Array.Empty<IMethodSymbol>();
            }

            while (true)
            {
                Lazy<IReadOnlyList<IMethodSymbol>> targets = _resolved.GetOrAdd(holder, h =>
                    new Lazy<IReadOnlyList<IMethodSymbol>>(() => Resolve(h, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication));
                try
                {
                    return targets.Value;
                }
                catch (OperationCanceledException)
                {
                    ((ICollection<KeyValuePair<ISymbol, Lazy<IReadOnlyList<IMethodSymbol>>>>)_resolved).Remove(
                        new KeyValuePair<ISymbol, Lazy<IReadOnlyList<IMethodSymbol>>>(holder, targets));
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }

        /// <summary>Everything that flows into <paramref name="holder"/>, through members and parameters, each visited once.</summary>
        private IReadOnlyList<IMethodSymbol> Resolve(ISymbol holder, CancellationToken cancellationToken)
        {
            var found = new List<IMethodSymbol>();
            var holders = new HashSet<ISymbol>(SymbolEqualityComparer.Default) { holder };
            var parameters = new HashSet<(IMethodSymbol, int)>();
            var work = new Queue<(DelegateSource Source, IMethodSymbol? Owner)>(StoresOf(holder, cancellationToken));
            while (work.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                (DelegateSource source, IMethodSymbol? owner) = work.Dequeue();
                if (source.Method is { } method)
                {
                    if (!System.Linq.Enumerable.Contains(found, method, SymbolEqualityComparer.Default))
                    {
                        found.Add(method);
                    }
                }
                else if (source.Holder is { } other)
                {
                    if (holders.Add(other))
                    {
                        Enqueue(work, StoresOf(other, cancellationToken));
                    }
                }
                else if (owner is not null && parameters.Add((owner.OriginalDefinition, source.Parameter)))
                {
                    Enqueue(work, ArgumentsOf(owner.OriginalDefinition, source.Parameter, cancellationToken));
                }
            }

            return found.Count == 0 ? Array.Empty<IMethodSymbol>() : found.ToArray();
        }

        private static void Enqueue(Queue<(DelegateSource, IMethodSymbol?)> work, List<(DelegateSource, IMethodSymbol?)> items)
        {
            foreach ((DelegateSource, IMethodSymbol?) item in items)
            {
                work.Enqueue(item);
            }
        }

        /// <summary>The values stored directly into <paramref name="holder"/> anywhere in the compilation, with the method each is written in.</summary>
        private List<(DelegateSource, IMethodSymbol?)> StoresOf(ISymbol holder, CancellationToken cancellationToken)
        {
            var stores = new List<(DelegateSource, IMethodSymbol?)>();
            foreach ((SyntaxNode node, SemanticModel model) in NodesNaming(holder, holder.Name, cancellationToken))
            {
                (IOperation? target, IOperation? value) = node switch
                {
                    AssignmentExpressionSyntax assignment when RightmostName(assignment.Left) == holder.Name => Stored(model.GetOperation(assignment, cancellationToken)),
                    VariableDeclaratorSyntax { Initializer: { } initializer } declarator when declarator.Identifier.ValueText == holder.Name &&
                        SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(declarator, cancellationToken), holder) =>
                        (null, (model.GetOperation(initializer, cancellationToken) as ISymbolInitializerOperation)?.Value),
                    PropertyDeclarationSyntax { Initializer: { } initializer } property when property.Identifier.ValueText == holder.Name &&
                        SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(property, cancellationToken), holder) =>
                        (null, (model.GetOperation(initializer, cancellationToken) as ISymbolInitializerOperation)?.Value),
                    _ => (null, null),
                };
                if (value is null || (target is not null && !SymbolEqualityComparer.Default.Equals(HolderOf(target), holder)))
                {
                    continue;
                }

                IMethodSymbol? owner = model.GetEnclosingSymbol(node.SpanStart, cancellationToken) as IMethodSymbol;
                if (DelegateSource.Of(value, owner) is { } source)
                {
                    stores.Add((source, owner));
                }
            }

            return stores;
        }

        /// <summary>An assignment's target and value: <c>=</c>, <c>+=</c> and <c>??=</c> on a delegate, and an event subscription.</summary>
        private static (IOperation? Target, IOperation? Value) Stored(IOperation? operation) => operation switch
        {
            IEventAssignmentOperation { Adds: true } subscription => (subscription.EventReference, subscription.HandlerValue),
            ISimpleAssignmentOperation assignment => (assignment.Target, assignment.Value),
            ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add } combined => (combined.Target, combined.Value),
            ICoalesceAssignmentOperation coalesce => (coalesce.Target, coalesce.Value),
            _ => (null, null),
        };

        private static ISymbol? HolderOf(IOperation target) => target switch
        {
            IFieldReferenceOperation field => field.Field.OriginalDefinition,
            IPropertyReferenceOperation property => property.Property.OriginalDefinition,
            IEventReferenceOperation @event => @event.Event.OriginalDefinition,
            _ => null,
        };

        /// <summary>The arguments the compilation passes for parameter <paramref name="ordinal"/> of <paramref name="method"/>, with the method each call is written in.</summary>
        private List<(DelegateSource, IMethodSymbol?)> ArgumentsOf(IMethodSymbol method, int ordinal, CancellationToken cancellationToken)
        {
            var arguments = new List<(DelegateSource, IMethodSymbol?)>();
            bool constructor = method.MethodKind == MethodKind.Constructor;
            string name = constructor ? method.ContainingType.Name : method.Name;
            foreach ((SyntaxNode node, SemanticModel model) in NodesNaming(method, name, cancellationToken))
            {
                bool names = node switch
                {
                    InvocationExpressionSyntax invocation => !constructor && RightmostName(invocation.Expression) == name,
                    ObjectCreationExpressionSyntax creation => constructor && RightmostName(creation.Type) == name,
                    ImplicitObjectCreationExpressionSyntax or ConstructorInitializerSyntax => constructor,
                    _ => false,
                };
                if (!names)
                {
                    continue;
                }

                (IMethodSymbol? called, System.Collections.Immutable.ImmutableArray<IArgumentOperation> passed) = model.GetOperation(node, cancellationToken) switch
                {
                    IInvocationOperation invocation => (invocation.TargetMethod, invocation.Arguments),
                    IObjectCreationOperation creation => (creation.Constructor, creation.Arguments),
                    _ => (null, default),
                };
                if (called is null || !SymbolEqualityComparer.Default.Equals(called.OriginalDefinition, method) || passed.IsDefault)
                {
                    continue;
                }

                IMethodSymbol? owner = model.GetEnclosingSymbol(node.SpanStart, cancellationToken) as IMethodSymbol;
                if (DelegateSource.Of(passed.ArgumentFor(ordinal), owner) is { } source)
                {
                    arguments.Add((source, owner));
                }
            }

            return arguments;
        }

        /// <summary>
        /// The syntax nodes that can store into, or call, <paramref name="member"/> by <paramref name="name"/> (its own
        /// type's files only when it is private), in compilation order, from the one index of the compilation.
        /// </summary>
        private IEnumerable<(SyntaxNode Node, SemanticModel Model)> NodesNaming(ISymbol member, string name, CancellationToken cancellationToken)
        {
            Dictionary<string, List<SyntaxNode>> index;
            lock (_indexGate)
            {
                index = _index ??= BuildIndex(cancellationToken);
            }

            IEnumerable<SyntaxNode> named = index.TryGetValue(name, out List<SyntaxNode>? nodes) ? nodes : Array.Empty<SyntaxNode>();
            if (member is IMethodSymbol { MethodKind: MethodKind.Constructor } && index.TryGetValue(string.Empty, out List<SyntaxNode>? unnamed))
            {
                named = System.Linq.Enumerable.Concat(named, unnamed); // new(...) and : base(...) name no type
            }

            List<SyntaxTree>? own = member.DeclaredAccessibility == Accessibility.Private ? OwnTrees(member) : null;
            SyntaxTree? lastTree = null;
            SemanticModel? model = null;
            foreach (SyntaxNode node in named)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (own is not null && !own.Contains(node.SyntaxTree))
                {
                    continue;
                }

                if (node.SyntaxTree != lastTree)
                {
                    lastTree = node.SyntaxTree;
#pragma warning disable RS1030 // Inside an analyzer run the compiler hands out the driver's cached model for the tree (its SemanticModelProvider).
                    model = _compilation.GetSemanticModel(lastTree);
#pragma warning restore RS1030
                }

                yield return (node, model!);
            }
        }

        /// <summary>
        /// One pass over the compilation's syntax, once, made only when a delegate held in a member is first asked about:
        /// each assignment, field or property initializer, call and creation, by the name it stores into or calls.
        /// </summary>
        private Dictionary<string, List<SyntaxNode>> BuildIndex(CancellationToken cancellationToken)
        {
            var index = new Dictionary<string, List<SyntaxNode>>(StringComparer.Ordinal);
            void Add(string? key, SyntaxNode node)
            {
                if (key is null)
                {
                    return;
                }

                if (!index.TryGetValue(key, out List<SyntaxNode>? list))
                {
                    index[key] = list = new List<SyntaxNode>(2);
                }

                list.Add(node);
            }

            foreach (SyntaxTree tree in _compilation.SyntaxTrees)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (SyntaxNode node in tree.GetRoot(cancellationToken).DescendantNodes())
                {
                    switch (node)
                    {
                        case AssignmentExpressionSyntax assignment when !assignment.IsKind(SyntaxKind.SubtractAssignmentExpression):
                            Add(RightmostName(assignment.Left), node);
                            break;
                        case VariableDeclaratorSyntax { Initializer: not null, Parent.Parent: FieldDeclarationSyntax or EventFieldDeclarationSyntax } declarator:
                            Add(declarator.Identifier.ValueText, node);
                            break;
                        case PropertyDeclarationSyntax { Initializer: not null } property:
                            Add(property.Identifier.ValueText, node);
                            break;
                        case InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } invocation:
                            Add(RightmostName(invocation.Expression), node);
                            break;
                        case ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } creation:
                            Add(RightmostName(creation.Type), node);
                            break;
                        case ImplicitObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: > 0 }:
                        case ConstructorInitializerSyntax { ArgumentList.Arguments.Count: > 0 }:
                            Add(string.Empty, node);
                            break;
                    }
                }
            }

            return index;
        }

        private static List<SyntaxTree> OwnTrees(ISymbol member)
        {
            INamedTypeSymbol type = member.ContainingType;
            while (type.ContainingType is { } outer)
            {
                type = outer; // a nested type can reach its outer types' private members
            }

            var trees = new List<SyntaxTree>();
            foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
            {
                if (!trees.Contains(reference.SyntaxTree))
                {
                    trees.Add(reference.SyntaxTree);
                }
            }

            return trees;
        }

        /// <summary>The last identifier of a name or member access: <c>Retired</c> in <c>a.b.Retired</c> or <c>a?.Retired</c>.</summary>
        private static string? RightmostName(ExpressionSyntax expression) => expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            GenericNameSyntax generic => generic.Identifier.ValueText,
            MemberAccessExpressionSyntax access => RightmostName(access.Name),
            MemberBindingExpressionSyntax binding => RightmostName(binding.Name),
            QualifiedNameSyntax qualified => RightmostName(qualified.Right),
            AliasQualifiedNameSyntax alias => RightmostName(alias.Name),
            _ => null,
        };
    }
}
