using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Reflection;
using System.Threading;
using FenceGuard.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using FenceGuard.Analyzers.Tests.Verifiers;

namespace FenceGuard.Analyzers.Tests;

/// <summary>Reflection over every code fix: documented, Fix All capable, and safe on broken code.</summary>
public class CodeFixCatalogueTests
{
    public static IEnumerable<object[]> Fixers() =>
        typeof(FenceGuardCodeFix).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => new object[] { t.Name });

    private static CodeFixProvider Create(string name) =>
        (CodeFixProvider)Activator.CreateInstance(typeof(FenceGuardCodeFix).Assembly.GetTypes().Single(t => t.Name == name))!;

    [Fact]
    public void EveryFixableRule_HasAFixer_AndEveryFixerIsExported()
    {
        var fixable = Fixers().SelectMany(f => Create((string)f[0]).FixableDiagnosticIds).ToHashSet();
        Assert.Equal(new[] { "FG0001", "FG0003", "FG0004", "FG0006", "FG0007", "FG0008" }, fixable.OrderBy(x => x, StringComparer.Ordinal));
        foreach (object[] row in Fixers())
        {
            Type type = Create((string)row[0]).GetType();
            Assert.NotNull(type.GetCustomAttribute<ExportCodeFixProviderAttribute>());
        }
    }

    [Theory]
    [MemberData(nameof(Fixers))]
    public void EveryFixer_SupportsFixAll_AndItsRulesDocumentTheFix(string fixer)
    {
        CodeFixProvider provider = Create(fixer);
        Assert.NotNull(provider.GetFixAllProvider());
        string root = Repository.Root();
        foreach (string id in provider.FixableDiagnosticIds)
        {
            string page = File.ReadAllText(Path.Combine(root, "docs", "rules", id + ".md"));
            Assert.Contains("## Code fix", page, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Fixers))]
    public async Task EveryFixer_OnBrokenOrUnrelatedCode_OffersNothing_AndDoesNotThrow(string fixer)
    {
        CodeFixProvider provider = Create(fixer);
        string[] sources =
        {
            "",
            "class C { void M( { using (Fence.BeginSignalling() { x.Wait(; } }",
            "using FenceGuard; class C { void M(Fence f) { f.Signal(); } }",
        };
        foreach (string source in sources)
        {
            using var workspace = new AdhocWorkspace();
            Project project = workspace.AddProject("P", LanguageNames.CSharp)
                .AddMetadataReferences(Basic.Reference.Assemblies.Net100.References.All)
                .AddMetadataReference(MetadataReference.CreateFromFile(typeof(FenceGuard.Fence).Assembly.Location));
            Document document = project.AddDocument("Test.cs", SourceText.From(source));
            SyntaxTree tree = (await document.GetSyntaxTreeAsync())!;
            foreach (string id in provider.FixableDiagnosticIds)
            {
                for (int start = 0; start <= source.Length; start += Math.Max(1, source.Length / 7))
                {
                    var span = new TextSpan(start, Math.Min(4, source.Length - start));
                    var descriptor = new DiagnosticDescriptor(id, "t", "m", "c", DiagnosticSeverity.Warning, true);
                    Diagnostic diagnostic = Diagnostic.Create(descriptor, Location.Create(tree, span));
                    var actions = new List<CodeAction>();
                    var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
                    await provider.RegisterCodeFixesAsync(context);
                    Assert.Empty(actions); // nothing here is a section a fix could repair
                }
            }
        }
    }
}
