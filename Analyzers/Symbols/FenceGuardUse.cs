using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace FenceGuard.Analyzers.Symbols
{
    /// <summary>
    /// The cheap check that decides whether a compilation that references the FenceGuard runtime can use it at all.
    /// C# code reaches a FenceGuard type or member only by naming it (a <c>using FenceGuard</c>, global or not, a
    /// qualified name, an alias, or code declared in a <c>FenceGuard</c> namespace), or through the signature of a
    /// member that names it: in this compilation's source (which then names it), or in another referenced assembly
    /// (which then references the runtime). So when no syntax tree contains the identifier <c>FenceGuard</c> and no
    /// other reference depends on the runtime, no body can touch a fence, a section or a callback, and every rule is
    /// silent: the analyzers register nothing, exactly as when the runtime is not referenced.
    /// <para>
    /// Cost: one ordinal text search per syntax tree, cached per tree (trees outlive compilations: in the IDE an edit
    /// rescans one tree). A tree whose text has a <c>\u</c> escape is checked token by token instead, because an
    /// identifier may be spelled with escapes.
    /// </para>
    /// </summary>
    internal static class FenceGuardUse
    {
        internal const string Name = "FenceGuard";

        private static readonly ConditionalWeakTable<SyntaxTree, StrongBox<bool>> Trees = new ConditionalWeakTable<SyntaxTree, StrongBox<bool>>();

        /// <summary>Whether code in <paramref name="compilation"/> can reach the runtime <paramref name="runtime"/> (see the type's remarks).</summary>
        public static bool MayUse(Compilation compilation, IAssemblySymbol runtime, CancellationToken cancellationToken)
        {
            if (SymbolEqualityComparer.Default.Equals(runtime, compilation.Assembly) || DependsOnRuntime(compilation, runtime))
            {
                return true;
            }

            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Names(tree, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether another referenced assembly references the runtime (its members may hand out fences without a name).</summary>
        private static bool DependsOnRuntime(Compilation compilation, IAssemblySymbol runtime)
        {
            string runtimeName = runtime.Identity.Name;
            foreach (IAssemblySymbol assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (SymbolEqualityComparer.Default.Equals(assembly, runtime))
                {
                    continue;
                }

                if (References(assembly, runtimeName))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether <paramref name="assembly"/> was built against the assembly named <paramref name="runtimeName"/>.</summary>
        internal static bool References(IAssemblySymbol assembly, string runtimeName)
        {
            foreach (IModuleSymbol module in assembly.Modules)
            {
                foreach (AssemblyIdentity referenced in module.ReferencedAssemblies)
                {
                    if (string.Equals(referenced.Name, runtimeName, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>Whether the tree contains the identifier <c>FenceGuard</c> (cached per tree).</summary>
        internal static bool Names(SyntaxTree tree, CancellationToken cancellationToken)
        {
            if (Trees.TryGetValue(tree, out StrongBox<bool>? known))
            {
                return known.Value;
            }

            bool names = Scan(tree, cancellationToken);
            Trees.GetValue(tree, _ => new StrongBox<bool>(names));
            return names;
        }

        private static bool Scan(SyntaxTree tree, CancellationToken cancellationToken)
        {
            SourceText text = tree.GetText(cancellationToken);
            (bool found, bool escapes) = TextSearch.Find(text, Name);
            if (found || !escapes)
            {
                return found;
            }

            foreach (SyntaxToken token in tree.GetRoot(cancellationToken).DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == Name)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
