using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Symbols
{
    /// <summary>
    /// The type a compilation means by a metadata name, found once per referenced assembly rather than once per
    /// compilation. <see cref="Compilation.GetTypeByMetadataName"/> searches every referenced assembly on each call, and
    /// in the IDE every edit is a new compilation: the runtime's twenty types cost about 26 ms per edit on a project
    /// with the .NET reference pack. Referenced assemblies' symbols are shared by successive compilations, so each
    /// assembly's answer is cached with the assembly (and dies with it).
    /// </summary>
    internal static class TypeLookup
    {
        private static readonly ConditionalWeakTable<IAssemblySymbol, ConcurrentDictionary<string, INamedTypeSymbol?>> PerAssembly =
            new ConditionalWeakTable<IAssemblySymbol, ConcurrentDictionary<string, INamedTypeSymbol?>>();

        /// <summary>
        /// The one public type of that name in the compilation's references, else its own (the runtime compiled from
        /// source); when two references declare it, the compiler's own lookup decides. References are asked first so that
        /// an edit's new compilation is not made to build its declaration tables just for this question.
        /// </summary>
        public static INamedTypeSymbol? Find(Compilation compilation, string metadataName)
        {
            INamedTypeSymbol? found = null;
            foreach (IAssemblySymbol assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                ConcurrentDictionary<string, INamedTypeSymbol?> known = PerAssembly.GetValue(assembly, _ => new ConcurrentDictionary<string, INamedTypeSymbol?>(StringComparer.Ordinal));
                if (!known.TryGetValue(metadataName, out INamedTypeSymbol? type))
                {
                    type = known.GetOrAdd(metadataName, assembly.GetTypeByMetadataName(metadataName));
                }

                if (type is { DeclaredAccessibility: Accessibility.Public })
                {
                    if (found is not null && !SymbolEqualityComparer.Default.Equals(found, type))
                    {
                        return compilation.GetTypeByMetadataName(metadataName); // declared twice: the compiler's rules
                    }

                    found = type;
                }
            }

            return found ?? compilation.Assembly.GetTypeByMetadataName(metadataName);
        }
    }
}
