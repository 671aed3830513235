using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Symbols
{
    /// <summary>
    /// The runtime's types and the base-library members the rules care about, resolved once per compilation.
    /// <see cref="TryCreate"/> returns null when the compilation does not reference FenceGuard: the analyzers then
    /// register nothing more.
    /// </summary>
    internal sealed class KnownSymbols
    {
        private readonly Dictionary<INamedTypeSymbol, ImmutableHashSet<string>> _blockingMembers;
        private readonly INamedTypeSymbol? _blockingCollection;
        private readonly ConcurrentDictionary<ISymbol, bool> _mayReclaim = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, bool> _mayAllocate = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IAssemblySymbol, bool> _knowsRuntime = new ConcurrentDictionary<IAssemblySymbol, bool>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, bool> _mayCarry = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
        private readonly IAssemblySymbol _source;
        // Per tree, for as long as the tree lives: unchanged trees are shared by successive compilations (in the IDE, by
        // every edit's), so each file is searched once, not once per compilation.
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SyntaxTree, System.Runtime.CompilerServices.StrongBox<bool>> NamesEffectAttributesByTree =
            new System.Runtime.CompilerServices.ConditionalWeakTable<SyntaxTree, System.Runtime.CompilerServices.StrongBox<bool>>();
        private readonly System.Func<ISymbol, bool> _carriesMayReclaim;
        private readonly System.Func<ISymbol, bool> _carriesMayAllocate;

        private KnownSymbols(Compilation compilation, INamedTypeSymbol fence)
        {
            Fence = fence;
            _source = compilation.Assembly;
            _carriesMayReclaim = m => CarriesAttribute(m, MayReclaimAttribute!);
            _carriesMayAllocate = m => CarriesAttribute(m, MayAllocateAttribute!);
            UserFence = TypeLookup.Find(compilation, "FenceGuard.UserFence");
            ReservationObject = TypeLookup.Find(compilation, "FenceGuard.ReservationObject");
            SignallingPathAttribute = TypeLookup.Find(compilation, "FenceGuard.SignallingPathAttribute");
            SignallingSection = TypeLookup.Find(compilation, "FenceGuard.SignallingSection");
            MayReclaimAttribute = TypeLookup.Find(compilation, "FenceGuard.MayReclaimAttribute");
            MayAllocateAttribute = TypeLookup.Find(compilation, "FenceGuard.MayAllocateAttribute");
            RecoverableFaultsAttribute = TypeLookup.Find(compilation, "FenceGuard.RecoverableFaultsAttribute");
            ExpressionOfT = TypeLookup.Find(compilation, "System.Linq.Expressions.Expression`1");
            Span = TypeLookup.Find(compilation, "System.Span`1");
            ReadOnlySpan = TypeLookup.Find(compilation, "System.ReadOnlySpan`1");
            GenericTask = TypeLookup.Find(compilation, "System.Threading.Tasks.Task`1");
            GenericValueTask = TypeLookup.Find(compilation, "System.Threading.Tasks.ValueTask`1");
            ReservationLock = TypeLookup.Find(compilation, "FenceGuard.ReservationLock");
            FenceLock = TypeLookup.Find(compilation, "FenceGuard.FenceLock");
            FenceLockScope = TypeLookup.Find(compilation, "FenceGuard.FenceLockScope");
            Monitor = TypeLookup.Find(compilation, "System.Threading.Monitor");
            SemaphoreSlim = TypeLookup.Find(compilation, "System.Threading.SemaphoreSlim");
            ReaderWriterLockSlim = TypeLookup.Find(compilation, "System.Threading.ReaderWriterLockSlim");
            TaskCompletionSource = TypeLookup.Find(compilation, "System.Threading.Tasks.TaskCompletionSource");
            TaskCompletionSourceOfT = TypeLookup.Find(compilation, "System.Threading.Tasks.TaskCompletionSource`1");

            _blockingMembers = new Dictionary<INamedTypeSymbol, ImmutableHashSet<string>>(SymbolEqualityComparer.Default);
            AddBlocking(compilation, "System.Threading.Tasks.Task", "Wait", "WaitAll", "WaitAny");
            AddBlocking(compilation, "System.Runtime.CompilerServices.TaskAwaiter", "GetResult");
            AddBlocking(compilation, "System.Runtime.CompilerServices.TaskAwaiter`1", "GetResult");
            AddBlocking(compilation, "System.Runtime.CompilerServices.ValueTaskAwaiter", "GetResult");
            AddBlocking(compilation, "System.Runtime.CompilerServices.ValueTaskAwaiter`1", "GetResult");
            AddBlocking(compilation, "System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter", "GetResult");
            AddBlocking(compilation, "System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter", "GetResult");
            AddBlocking(compilation, "System.Threading.Thread", "Sleep", "Join");
            AddBlocking(compilation, "System.Threading.Monitor", "Wait");
            AddBlocking(compilation, "System.Threading.WaitHandle", "WaitOne", "WaitAll", "WaitAny", "SignalAndWait");
            AddBlocking(compilation, "System.Threading.SemaphoreSlim", "Wait");
            AddBlocking(compilation, "System.Threading.ManualResetEventSlim", "Wait");
            AddBlocking(compilation, "System.Threading.SpinWait", "SpinUntil");
            AddBlocking(compilation, "System.Threading.CountdownEvent", "Wait");
            AddBlocking(compilation, "System.Threading.Barrier", "SignalAndWait");
            AddBlocking(compilation, "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable+ConfiguredValueTaskAwaiter", "GetResult");
            AddBlocking(compilation, "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1+ConfiguredValueTaskAwaiter", "GetResult");
            // A bounded collection's Take and Add wait for an item or for room; GetConsumingEnumerable waits on every step.
            AddBlocking(compilation, "System.Collections.Concurrent.BlockingCollection`1", "Take", "Add", "TakeFromAny", "AddToAny", "GetConsumingEnumerable");
            // The caller waits until every iteration or action has run.
            AddBlocking(compilation, "System.Threading.Tasks.Parallel", "For", "ForEach", "Invoke");
            AddBlocking(compilation, "System.Diagnostics.Process", "WaitForExit", "WaitForInputIdle");
            AddBlocking(compilation, "System.Console", "Read", "ReadLine", "ReadKey");

            _blockingCollection = TypeLookup.Find(compilation, "System.Collections.Concurrent.BlockingCollection`1");
        }

        /// <summary>FenceGuard.Fence; never null.</summary>
        public INamedTypeSymbol Fence { get; }

        public INamedTypeSymbol? UserFence { get; }

        public INamedTypeSymbol? ReservationObject { get; }

        public INamedTypeSymbol? SignallingPathAttribute { get; }

        public INamedTypeSymbol? SignallingSection { get; }

        public INamedTypeSymbol? MayReclaimAttribute { get; }

        public INamedTypeSymbol? MayAllocateAttribute { get; }

        public INamedTypeSymbol? RecoverableFaultsAttribute { get; }

        public INamedTypeSymbol? ExpressionOfT { get; }

        public INamedTypeSymbol? Span { get; }

        public INamedTypeSymbol? ReadOnlySpan { get; }

        public INamedTypeSymbol? GenericTask { get; }

        public INamedTypeSymbol? GenericValueTask { get; }

        public INamedTypeSymbol? TaskCompletionSource { get; }

        public INamedTypeSymbol? ReservationLock { get; }

        /// <summary>The runtime's tracked lock (<c>FenceLock.Acquire()</c>): a lock of the class of the field or property it is read from.</summary>
        public INamedTypeSymbol? FenceLock { get; }

        /// <summary>A held <c>FenceLock</c>; disposing it releases the lock.</summary>
        public INamedTypeSymbol? FenceLockScope { get; }

        public INamedTypeSymbol? Monitor { get; }

        public INamedTypeSymbol? SemaphoreSlim { get; }

        public INamedTypeSymbol? ReaderWriterLockSlim { get; }

        public INamedTypeSymbol? TaskCompletionSourceOfT { get; }

        /// <summary>Whether <paramref name="type"/> is a <c>TaskCompletionSource</c> (generic or not): an indefinite source.</summary>
        public bool IsTaskCompletionSource(ITypeSymbol? type) =>
            type is not null &&
            (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, TaskCompletionSource) ||
             SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, TaskCompletionSourceOfT));

        /// <summary>
        /// The known symbols, or null when the compilation cannot use the runtime: it does not reference it, or no code
        /// in it can reach it (<see cref="Symbols.FenceGuardUse"/>). The analyzers then register nothing more.
        /// </summary>
        public static KnownSymbols? TryCreate(Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            INamedTypeSymbol? fence = TypeLookup.Find(compilation, "FenceGuard.Fence");
            return fence is null || !Symbols.FenceGuardUse.MayUse(compilation, fence.ContainingAssembly, cancellationToken)
                ? null
                : new KnownSymbols(compilation, fence);
        }

        /// <summary>Whether <paramref name="type"/> is <see cref="Fence"/> or derives from it (arrays, chains).</summary>
        public bool IsFence(ITypeSymbol? type)
        {
            if (type is null || !KnowsRuntime(type.ContainingAssembly))
            {
                return false; // a type of an assembly built without the runtime cannot derive from Fence
            }

            for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, Fence))
                {
                    return true;
                }
            }

            return false;
        }

        public bool IsUserFence(ITypeSymbol? type) => UserFence is not null && SymbolEqualityComparer.Default.Equals(type, UserFence);

        /// <summary>Whether <paramref name="method"/> is one of the base library's blocking members.</summary>
        public bool IsBlocking(IMethodSymbol method) =>
            method.ContainingType is { } type &&
            _blockingMembers.TryGetValue(type.OriginalDefinition, out ImmutableHashSet<string>? names) &&
            names.Contains(method.Name);

        /// <summary>
        /// Whether <paramref name="method"/> is a base-library member that blocks only when given a timeout other than
        /// zero (<c>BlockingCollection&lt;T&gt;.TryTake(out item, 100)</c>); the operations layer reads the argument.
        /// </summary>
        public bool BlocksWithATimeout(IMethodSymbol method) =>
            method.Name is "TryTake" or "TryAdd" or "TryTakeFromAny" or "TryAddToAny" &&
            SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, _blockingCollection);

        public bool HasSignallingPath(ISymbol? symbol) => HasAttribute(symbol, SignallingPathAttribute);

        /// <summary>
        /// Whether <paramref name="member"/> is part of a [RecoverableFaults] workload: the member, or a type containing
        /// it, carries the attribute. The runtime's own members never are.
        /// </summary>
        public bool IsRecoverableFaults(ISymbol? member)
        {
            if (RecoverableFaultsAttribute is null)
            {
                return false;
            }

            for (ISymbol? current = member; current is not null; current = current.ContainingType)
            {
                if (HasAttribute(current, RecoverableFaultsAttribute) ||
                    (current is IMethodSymbol { AssociatedSymbol: { } property } && HasAttribute(property, RecoverableFaultsAttribute)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether <paramref name="member"/> carries [MayReclaim], directly, on a member it overrides, or on an interface
        /// member it implements (attributes on overridden and interface members are not inherited by Roslyn's symbols).
        /// Cached per compilation.
        /// </summary>
        public bool MayReclaim(ISymbol member) =>
            MayReclaimAttribute is not null && MayCarryEffectAttributes(member.OriginalDefinition) && _mayReclaim.GetOrAdd(member.OriginalDefinition, _carriesMayReclaim);

        /// <summary>Whether <paramref name="member"/> carries [MayAllocate], the same way as <see cref="MayReclaim"/>.</summary>
        public bool MayAllocate(ISymbol member) =>
            MayAllocateAttribute is not null && MayCarryEffectAttributes(member.OriginalDefinition) && _mayAllocate.GetOrAdd(member.OriginalDefinition, _carriesMayAllocate);

        /// <summary>
        /// Whether symbols of <paramref name="assembly"/> can involve the runtime at all (derive from its types, carry its
        /// attributes): this compilation's own assembly, the runtime's, and assemblies that reference it. The base library
        /// cannot, so the per-call checks of every base-library call stop here (cached per assembly).
        /// </summary>
        public bool KnowsRuntime(IAssemblySymbol? assembly)
        {
            if (assembly is null)
            {
                return true; // a type parameter or an error type: be safe
            }

            // A lookup first: GetOrAdd with a lambda would allocate its closure on every call, and this runs per call site.
            return _knowsRuntime.TryGetValue(assembly, out bool known) ? known : _knowsRuntime.GetOrAdd(assembly, ComputeKnowsRuntime(assembly));
        }

        private bool ComputeKnowsRuntime(IAssemblySymbol assembly) =>
            SymbolEqualityComparer.Default.Equals(assembly, _source) || SymbolEqualityComparer.Default.Equals(assembly, Fence.ContainingAssembly) ||
            FenceGuardUse.References(assembly, Fence.ContainingAssembly.Identity.Name);

        /// <summary>
        /// Whether [MayReclaim] or [MayAllocate] can be on <paramref name="member"/>, on what it overrides, or on an
        /// interface member it implements. An attribute is written somewhere: on a source symbol, in a file that names
        /// it; on a metadata symbol, in an assembly built against the runtime. Most members of most code have neither, so
        /// the attribute lookups of every call stop at this check (no attribute is read, no interface map computed).
        /// </summary>
        private bool MayCarryEffectAttributes(ISymbol member)
        {
            // An assembly that does not know the runtime (the base library) overrides and implements only members of
            // assemblies that do not either: one cached lookup per assembly. Other members are decided once each (the
            // walk below reads every override and interface, and makes arrays for source symbols).
            if (!KnowsRuntime(member.ContainingAssembly))
            {
                return false;
            }

            return _mayCarry.TryGetValue(member, out bool known) ? known : _mayCarry.GetOrAdd(member, ComputeMayCarryEffectAttributes(member));
        }

        private bool ComputeMayCarryEffectAttributes(ISymbol member)
        {
            for (ISymbol? current = member; current is not null; current = Overridden(current))
            {
                if (MayBeAttributedHere(current))
                {
                    return true;
                }
            }

            if (member.ContainingType is { } type && !member.IsStatic)
            {
                foreach (INamedTypeSymbol @interface in type.AllInterfaces)
                {
                    if (MayBeAttributedHere(@interface))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>Whether a symbol's own declaration can carry the attributes (see <see cref="MayCarryEffectAttributes"/>).</summary>
        private bool MayBeAttributedHere(ISymbol symbol)
        {
            if (!KnowsRuntime(symbol.ContainingAssembly))
            {
                return false;
            }

            if (!IsSource(symbol.ContainingAssembly))
            {
                return true;
            }

            foreach (SyntaxReference reference in symbol.DeclaringSyntaxReferences)
            {
                if (NamesEffectAttributesByTree.GetValue(reference.SyntaxTree, tree => new System.Runtime.CompilerServices.StrongBox<bool>(NamesEffectAttributes(tree))).Value)
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsSource(IAssemblySymbol? assembly) => SymbolEqualityComparer.Default.Equals(assembly, _source);

        /// <summary>Whether a file's text spells either attribute's name (or may, through a unicode escape).</summary>
        private static bool NamesEffectAttributes(SyntaxTree tree)
        {
            (bool found, bool escapes) = TextSearch.Find(tree.GetText(), "MayReclaim", "MayAllocate");
            return found || escapes;
        }

        private bool CarriesAttribute(ISymbol member, INamedTypeSymbol attribute)
        {
            for (ISymbol? current = member; current is not null; current = Overridden(current))
            {
                if (HasAttribute(current, attribute))
                {
                    return true;
                }

                foreach (ISymbol implemented in ImplementedInterfaceMembers(current))
                {
                    if (HasAttribute(implemented, attribute))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static ISymbol? Overridden(ISymbol symbol) => symbol switch
        {
            IMethodSymbol method => method.OverriddenMethod,
            IPropertySymbol property => property.OverriddenProperty,
            _ => null,
        };

        private IEnumerable<ISymbol> ImplementedInterfaceMembers(ISymbol member)
        {
            switch (member)
            {
                case IMethodSymbol { ExplicitInterfaceImplementations.Length: > 0 } explicitMethod:
                    foreach (IMethodSymbol implemented in explicitMethod.ExplicitInterfaceImplementations)
                    {
                        yield return implemented;
                    }

                    yield break;
                case IPropertySymbol { ExplicitInterfaceImplementations.Length: > 0 } explicitProperty:
                    foreach (IPropertySymbol implemented in explicitProperty.ExplicitInterfaceImplementations)
                    {
                        yield return implemented;
                    }

                    yield break;
            }

            if (member.ContainingType is not { } type || member.IsStatic)
            {
                yield break;
            }

            foreach (INamedTypeSymbol @interface in type.AllInterfaces)
            {
                if (!MayBeAttributedHere(@interface))
                {
                    continue; // no interface member there can carry the attributes: no implementation map needed
                }

                foreach (ISymbol candidate in @interface.GetMembers(member.Name))
                {
                    if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(candidate), member))
                    {
                        yield return candidate;
                    }
                }
            }
        }

        private static bool HasAttribute(ISymbol? symbol, INamedTypeSymbol? attributeType)
        {
            if (symbol is null || attributeType is null)
            {
                return false;
            }

            foreach (AttributeData attribute in symbol.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType))
                {
                    return true;
                }
            }

            return false;
        }

        public bool IsSignallingSection(ITypeSymbol? type) =>
            SignallingSection is not null && SymbolEqualityComparer.Default.Equals(type, SignallingSection);

        /// <summary>
        /// The section value a call ends, <c>Fence.EndSignalling(s)</c> or <c>s.Dispose()</c>, or null when the call ends
        /// no section. The one place that knows what ends a section.
        /// </summary>
        public IOperation? EndedSection(IInvocationOperation invocation)
        {
            if (IsFenceMethod(invocation.TargetMethod, "EndSignalling") && invocation.Arguments.Length == 1)
            {
                return invocation.Arguments[0].Value;
            }

            return invocation.TargetMethod.Name == "Dispose" && invocation.Instance is { } instance && IsSignallingSection(instance.Type)
                ? instance
                : null;
        }

        public bool IsFenceMethod(IMethodSymbol method, string name) =>
            method.Name == name && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, Fence);

        private void AddBlocking(Compilation compilation, string metadataName, params string[] members)
        {
            if (TypeLookup.Find(compilation, metadataName) is { } type)
            {
                _blockingMembers[type] = ImmutableHashSet.Create(members);
            }
        }
    }
}
