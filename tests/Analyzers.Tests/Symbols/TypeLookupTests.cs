using FenceGuard.Analyzers.Symbols;
using FenceGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FenceGuard.Analyzers.Tests.Symbols;

/// <summary>The runtime's and the base library's types, as the compilation means them, found once per referenced assembly.</summary>
public class TypeLookupTests
{
    [Theory]
    [InlineData("FenceGuard.Fence", "FenceGuard")]
    [InlineData("System.Threading.Monitor", "System.Threading")]
    [InlineData("System.Threading.Tasks.Task`1", "System.Runtime")]
    public void ReferencedType_IsTheCompilersOwn(string metadataName, string assembly)
    {
        Compilation compilation = TestCompilations.Create("class C { }");

        INamedTypeSymbol? found = TypeLookup.Find(compilation, metadataName);

        Assert.NotNull(found);
        Assert.Equal(assembly, found!.ContainingAssembly.Name);
        Assert.True(SymbolEqualityComparer.Default.Equals(compilation.GetTypeByMetadataName(metadataName), found));
    }

    [Fact]
    public void TypeOnlyInSource_IsFound_TheRuntimeCompiledFromSource()
    {
        Compilation compilation = CSharpCompilation.Create("Runtime", new[] { CSharpSyntaxTree.ParseText("namespace FenceGuard { public class Fence { } }") },
            Basic.Reference.Assemblies.Net100.References.All);

        INamedTypeSymbol? found = TypeLookup.Find(compilation, "FenceGuard.Fence");

        Assert.NotNull(found);
        Assert.True(SymbolEqualityComparer.Default.Equals(compilation.Assembly, found!.ContainingAssembly));
    }

    [Fact]
    public void TypeDeclaredByTwoReferences_IsLeftToTheCompiler()
    {
        MetadataReference One(string name) => TestCompilations.Emit(CSharpCompilation.Create(name,
            new[] { CSharpSyntaxTree.ParseText("namespace Dup { public class Twice { } }") }, Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)));
        Compilation compilation = TestCompilations.Create(new[] { "class C { }" }, One("A"), One("B"));

        Assert.Null(compilation.GetTypeByMetadataName("Dup.Twice"));
        Assert.Null(TypeLookup.Find(compilation, "Dup.Twice"));
    }

    [Fact]
    public void MissingType_IsNull()
    {
        Assert.Null(TypeLookup.Find(TestCompilations.Create("class C { }"), "No.Such.Type"));
    }

    [Fact]
    public void SuccessiveCompilations_ShareTheAnswer_OfTheirSharedReferences()
    {
        Compilation first = TestCompilations.Create("class C { }");
        Compilation edited = first.ReplaceSyntaxTree(first.SyntaxTrees.Single(), CSharpSyntaxTree.ParseText("class C { int _edited; }"));

        Assert.Same(TypeLookup.Find(first, "FenceGuard.Fence"), TypeLookup.Find(edited, "FenceGuard.Fence"));
    }
}
