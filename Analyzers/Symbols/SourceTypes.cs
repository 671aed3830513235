using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Symbols
{
    /// <summary>The one walk over an assembly's types: every named type of its namespaces, nested types included, in namespace-walk order.</summary>
    internal static class SourceTypes
    {
        public static IEnumerable<INamedTypeSymbol> Of(IAssemblySymbol assembly, CancellationToken cancellationToken)
        {
            var containers = new Stack<INamespaceOrTypeSymbol>();
            containers.Push(assembly.GlobalNamespace);
            while (containers.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (ISymbol member in containers.Pop().GetMembers())
                {
                    if (member is INamespaceOrTypeSymbol container)
                    {
                        containers.Push(container);
                    }

                    if (member is INamedTypeSymbol type)
                    {
                        yield return type;
                    }
                }
            }
        }
    }
}
