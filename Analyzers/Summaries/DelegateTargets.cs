using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using FenceGuard.Analyzers.Facts;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Symbols;
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
    /// A store into a member, and a call that passes an argument, always name it. Only the files that can hold one are
    /// looked at: a private member's own type's files, otherwise the files whose text names it. Each such file's syntax
    /// is indexed once (its assignments, initializers, calls and creations, by the name they store into or call), and
    /// only the nodes naming the member asked about are bound, once per member. What code in other assemblies stores,
    /// reflection, and delegates built at run time are unknown.
    /// </remarks>
    internal sealed class DelegateTargets
    {
        private readonly Compilation _compilation;
        private readonly Symbols.RecordedAssemblies _recorded;
        private readonly ConcurrentDictionary<SyntaxTree, Lazy<Dictionary<string, List<SyntaxNode>>>> _trees =
            new ConcurrentDictionary<SyntaxTree, Lazy<Dictionary<string, List<SyntaxNode>>>>();
        private readonly ConcurrentDictionary<ISymbol, Lazy<IReadOnlyList<IMethodSymbol>>> _resolved =
            new ConcurrentDictionary<ISymbol, Lazy<IReadOnlyList<IMethodSymbol>>>(SymbolEqualityComparer.Default);

        public DelegateTargets(Compilation compilation, Symbols.RecordedAssemblies recorded)
        {
            _compilation = compilation;
            _recorded = recorded;
        }

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

            return _resolved.TryGetValue(holder, out Lazy<IReadOnlyList<IMethodSymbol>>? known) && known.IsValueCreated
                ? known.Value // asked again (every step and fold that runs it): no closure
                : ComputeOnce.Get(_resolved, holder, h => Resolve(h, cancellationToken), cancellationToken);
        }

        /// <summary>Everything that flows into <paramref name="holder"/>, by the one resolution below, over this compilation's syntax.</summary>
        private IReadOnlyList<IMethodSymbol> Resolve(ISymbol holder, CancellationToken cancellationToken) =>
            Resolve(holder, h => StoresOf(h, cancellationToken), (method, ordinal) => ArgumentsOf(method, ordinal, cancellationToken), cancellationToken);

        /// <summary>
        /// The one resolution of what a member can hold: everything stored into it (<paramref name="storesOf"/>), through
        /// stores from other members and from parameters (<paramref name="argumentsOf"/>: what callers pass), each
        /// member and parameter visited once, targets in the order found. The stores may come from the syntax (for rules,
        /// at any time) or from the bodies' recorded facts (for the end-of-compilation reach, when every body is walked).
        /// </summary>
        public static IReadOnlyList<IMethodSymbol> Resolve(
            ISymbol holder, Func<ISymbol, IEnumerable<(DelegateSource Source, IMethodSymbol? Owner)>> storesOf,
            Func<IMethodSymbol, int, IEnumerable<(DelegateSource Source, IMethodSymbol? Owner)>> argumentsOf, CancellationToken cancellationToken)
        {
            var found = new List<IMethodSymbol>();
            var holders = new HashSet<ISymbol>(SymbolEqualityComparer.Default) { holder };
            var parameters = new HashSet<(IMethodSymbol, int)>();
            var work = new Queue<(DelegateSource Source, IMethodSymbol? Owner)>(storesOf(holder));
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
                        Enqueue(work, storesOf(other));
                    }
                }
                else if (owner is { MethodKind: MethodKind.PropertySet, AssociatedSymbol: IPropertySymbol { Parameters.IsEmpty: true } property } &&
                    source.Parameter == owner.Parameters.Length - 1)
                {
                    // A setter's 'value' is whatever is assigned to the property: `set => _h = value;`.
                    if (holders.Add(property.OriginalDefinition))
                    {
                        Enqueue(work, storesOf(property.OriginalDefinition));
                    }
                }
                else if (owner is not null && parameters.Add((owner.OriginalDefinition, source.Parameter)))
                {
                    Enqueue(work, argumentsOf(owner.OriginalDefinition, source.Parameter));
                }
            }

            return found.Count == 0 ? Array.Empty<IMethodSymbol>() : found.ToArray();
        }

        private static void Enqueue(Queue<(DelegateSource, IMethodSymbol?)> work, IEnumerable<(DelegateSource, IMethodSymbol?)> items)
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
                    AssignmentExpressionSyntax assignment when RightmostName(assignment.Left) == holder.Name => CallTargets.StoreOf(model.GetOperation(assignment, cancellationToken)),
                    VariableDeclaratorSyntax { Initializer: { } initializer } declarator when declarator.Identifier.ValueText == holder.Name &&
                        SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(declarator, cancellationToken), holder) =>
                        (null, (model.GetOperation(initializer, cancellationToken) as ISymbolInitializerOperation)?.Value),
                    PropertyDeclarationSyntax { Initializer: { } initializer } property when property.Identifier.ValueText == holder.Name &&
                        SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(property, cancellationToken), holder) =>
                        (null, (model.GetOperation(initializer, cancellationToken) as ISymbolInitializerOperation)?.Value),
                    _ => (null, null),
                };
                if (value is null || (target is not null && !SymbolEqualityComparer.Default.Equals(CallTargets.StoredInto(target), holder)))
                {
                    continue;
                }

                IMethodSymbol? owner = model.GetEnclosingSymbol(node.SpanStart, cancellationToken) as IMethodSymbol;
                if (DelegateSource.Of(value, owner, _recorded) is { } source)
                {
                    stores.Add((source, owner));
                }
            }

            return stores;
        }

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
                if (DelegateSource.Of(passed.ArgumentFor(ordinal), owner, _recorded) is { } source)
                {
                    arguments.Add((source, owner));
                }
            }

            return arguments;
        }

        /// <summary>
        /// The syntax nodes that can store into, or call, <paramref name="member"/> by <paramref name="name"/>, in
        /// compilation order: in its own type's files when it is private, otherwise in the files whose text names it.
        /// </summary>
        private IEnumerable<(SyntaxNode Node, SemanticModel Model)> NodesNaming(ISymbol member, string name, CancellationToken cancellationToken)
        {
            bool constructor = member is IMethodSymbol { MethodKind: MethodKind.Constructor };
            IEnumerable<SyntaxTree> trees = member.DeclaredAccessibility == Accessibility.Private ? OwnTrees(member) : _compilation.SyntaxTrees;
            foreach (SyntaxTree tree in trees)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Dictionary<string, List<SyntaxNode>>? index = IndexOf(tree, name, constructor, cancellationToken);
                if (index is null)
                {
                    continue;
                }

                IEnumerable<SyntaxNode> named = index.TryGetValue(name, out List<SyntaxNode>? nodes) ? nodes : Array.Empty<SyntaxNode>();
                if (constructor && index.TryGetValue(string.Empty, out List<SyntaxNode>? unnamed))
                {
                    named = System.Linq.Enumerable.Concat(named, unnamed); // new(...) and : base(...) name no type
                }

#pragma warning disable RS1030 // Inside an analyzer run the compiler hands out the driver's cached model for the tree (its SemanticModelProvider).
                SemanticModel model = _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                foreach (SyntaxNode node in named)
                {
                    yield return (node, model);
                }
            }
        }

        /// <summary>
        /// The tree's index, made on first need, once per tree: null when the tree's text does not name
        /// <paramref name="name"/> (a constructor's callers may use <c>new(...)</c>, which names nothing, so its type's
        /// name is not required).
        /// </summary>
        private Dictionary<string, List<SyntaxNode>>? IndexOf(SyntaxTree tree, string name, bool constructor, CancellationToken cancellationToken)
        {
            if (_trees.TryGetValue(tree, out Lazy<Dictionary<string, List<SyntaxNode>>>? known) && known.IsValueCreated)
            {
                return known.Value;
            }

            if (!constructor)
            {
                (bool found, bool escapes) = TextSearch.Find(tree.GetText(cancellationToken), name);
                if (!found && !escapes)
                {
                    return null;
                }
            }

            return IndexOnce(tree, cancellationToken);
        }

        /// <summary>The tree's index, built once (apart from <see cref="IndexOf"/>, so that a lookup allocates no closure).</summary>
        private Dictionary<string, List<SyntaxNode>> IndexOnce(SyntaxTree tree, CancellationToken cancellationToken) =>
            ComputeOnce.Get(_trees, tree, t => BuildIndex(t, cancellationToken), cancellationToken);

        /// <summary>
        /// One pass over a tree's syntax: each assignment, field or property initializer, call and creation that can
        /// store or pass a delegate (<see cref="MayBeDelegate"/>), by the name it stores into or calls.
        /// </summary>
        private static Dictionary<string, List<SyntaxNode>> BuildIndex(SyntaxTree tree, CancellationToken cancellationToken)
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
                    index[key] = list = new List<SyntaxNode>(1);
                }

                list.Add(node);
            }

            foreach (SyntaxNode node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment when !assignment.IsKind(SyntaxKind.SubtractAssignmentExpression) && MayBeDelegate(assignment.Right):
                        Add(RightmostName(assignment.Left), node);
                        break;
                    case VariableDeclaratorSyntax { Initializer: { } initializer, Parent.Parent: FieldDeclarationSyntax or EventFieldDeclarationSyntax } declarator when MayBeDelegate(initializer.Value):
                        Add(declarator.Identifier.ValueText, node);
                        break;
                    case PropertyDeclarationSyntax { Initializer: { } initializer } property when MayBeDelegate(initializer.Value):
                        Add(property.Identifier.ValueText, node);
                        break;
                    case InvocationExpressionSyntax invocation when AnyMayBeDelegate(invocation.ArgumentList):
                        Add(RightmostName(invocation.Expression), node);
                        break;
                    case ObjectCreationExpressionSyntax { ArgumentList: { } arguments } creation when AnyMayBeDelegate(arguments):
                        Add(RightmostName(creation.Type), node);
                        break;
                    case ImplicitObjectCreationExpressionSyntax implicitCreation when AnyMayBeDelegate(implicitCreation.ArgumentList):
                    case ConstructorInitializerSyntax initializerCall when AnyMayBeDelegate(initializerCall.ArgumentList):
                        Add(string.Empty, node);
                        break;
                }
            }

            return index;
        }

        private List<SyntaxTree> OwnTrees(ISymbol member)
        {
            INamedTypeSymbol type = member.ContainingType;
            while (type.ContainingType is { } outer)
            {
                type = outer; // a nested type can reach its outer types' private members
            }

            var trees = new List<SyntaxTree>();
            foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
            {
                // A referenced project's private member (the IDE's compilation references) cannot be stored into from here.
                if (!trees.Contains(reference.SyntaxTree) && _compilation.ContainsSyntaxTree(reference.SyntaxTree))
                {
                    trees.Add(reference.SyntaxTree);
                }
            }

            return trees;
        }

        /// <summary>
        /// Whether an expression can have a delegate source (<see cref="DelegateSource.Of"/>) by its form: a lambda or
        /// anonymous method, a name or member access (a method group, local, parameter, field, property or event), a
        /// delegate creation, or one of these in a cast or parentheses. A literal, a call's result or an operator's is not.
        /// </summary>
        private static bool MayBeDelegate(ExpressionSyntax expression) => expression switch
        {
            AnonymousFunctionExpressionSyntax or IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax or
                BaseObjectCreationExpressionSyntax => true,
            CastExpressionSyntax cast => MayBeDelegate(cast.Expression),
            ParenthesizedExpressionSyntax parenthesized => MayBeDelegate(parenthesized.Expression),
            _ => false,
        };

        private static bool AnyMayBeDelegate(ArgumentListSyntax? arguments)
        {
            if (arguments is null)
            {
                return false;
            }

            foreach (ArgumentSyntax argument in arguments.Arguments)
            {
                if (MayBeDelegate(argument.Expression))
                {
                    return true;
                }
            }

            return false;
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
