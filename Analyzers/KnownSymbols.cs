using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers
{
    /// <summary>
    /// The runtime's types and the base-library members the rules care about, resolved once per compilation.
    /// <see cref="TryCreate"/> returns null when the compilation does not reference FenceGuard: the analyzers then
    /// register nothing more.
    /// </summary>
    internal sealed class KnownSymbols
    {
        private readonly Dictionary<INamedTypeSymbol, ImmutableHashSet<string>> _blockingMembers;

        private KnownSymbols(Compilation compilation, INamedTypeSymbol fence)
        {
            Fence = fence;
            UserFence = compilation.GetTypeByMetadataName("FenceGuard.UserFence");
            ReservationObject = compilation.GetTypeByMetadataName("FenceGuard.ReservationObject");
            SignallingPathAttribute = compilation.GetTypeByMetadataName("FenceGuard.SignallingPathAttribute");
            GenericTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
            GenericValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");

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
        }

        /// <summary>FenceGuard.Fence; never null.</summary>
        public INamedTypeSymbol Fence { get; }

        public INamedTypeSymbol? UserFence { get; }

        public INamedTypeSymbol? ReservationObject { get; }

        public INamedTypeSymbol? SignallingPathAttribute { get; }

        public INamedTypeSymbol? GenericTask { get; }

        public INamedTypeSymbol? GenericValueTask { get; }

        public static KnownSymbols? TryCreate(Compilation compilation)
        {
            INamedTypeSymbol? fence = compilation.GetTypeByMetadataName("FenceGuard.Fence");
            return fence is null ? null : new KnownSymbols(compilation, fence);
        }

        /// <summary>Whether <paramref name="type"/> is <see cref="Fence"/> or derives from it (arrays, chains).</summary>
        public bool IsFence(ITypeSymbol? type)
        {
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

        public bool HasSignallingPath(ISymbol? symbol)
        {
            if (symbol is null || SignallingPathAttribute is null)
            {
                return false;
            }

            foreach (AttributeData attribute in symbol.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, SignallingPathAttribute))
                {
                    return true;
                }
            }

            return false;
        }

        public bool IsFenceMethod(IMethodSymbol method, string name) =>
            method.Name == name && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, Fence);

        private void AddBlocking(Compilation compilation, string metadataName, params string[] members)
        {
            if (compilation.GetTypeByMetadataName(metadataName) is { } type)
            {
                _blockingMembers[type] = ImmutableHashSet.Create(members);
            }
        }
    }
}
