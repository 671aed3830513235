using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Reflection;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using FenceGuard.Analyzers.Tests.Verifiers;

namespace FenceGuard.Analyzers.Tests;

/// <summary>Reflection over every analyzer in the assembly: documentation, help links, and robustness on bad input.</summary>
public class AnalyzerCatalogueTests
{
    public static IEnumerable<object[]> Analyzers() =>
        typeof(FenceGuard.Analyzers.Rules.SignallingSectionAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => new object[] { t.Name });

    private static DiagnosticAnalyzer Create(string name) =>
        (DiagnosticAnalyzer)Activator.CreateInstance(typeof(FenceGuard.Analyzers.Rules.SignallingSectionAnalyzer).Assembly.GetTypes().Single(t => t.Name == name))!;

    [Fact]
    public void ThereAreAnalyzers()
    {
        Assert.NotEmpty(Analyzers());
    }

    [Theory]
    [MemberData(nameof(Analyzers))]
    public void EveryDiagnostic_HasADocsPage_AHelpLinkToIt_AndAReleaseEntry(string analyzer)
    {
        string root = Repository.Root();
        string releases = File.ReadAllText(Path.Combine(root, "Analyzers", "AnalyzerReleases.Unshipped.md")) +
                          File.ReadAllText(Path.Combine(root, "Analyzers", "AnalyzerReleases.Shipped.md"));
        foreach (DiagnosticDescriptor descriptor in Create(analyzer).SupportedDiagnostics)
        {
            Assert.Matches("^FG[0-9]{4}$", descriptor.Id);
            string page = Path.Combine(root, "docs", "rules", descriptor.Id + ".md");
            Assert.True(File.Exists(page), $"{descriptor.Id} has no page at docs/rules/{descriptor.Id}.md");
            Assert.StartsWith("# " + descriptor.Id, File.ReadAllText(page), StringComparison.Ordinal);
            Assert.EndsWith($"/docs/rules/{descriptor.Id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
            Assert.Contains(descriptor.Id + " |", releases, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString()));
            Assert.Contains("{0}", descriptor.MessageFormat.ToString(), StringComparison.Ordinal); // every message names what it found
        }
    }

    [Fact]
    public void ReadmeRulesTable_ListsEveryImplementedRule()
    {
        string readme = File.ReadAllText(Path.Combine(Repository.Root(), "README.md"));
        foreach (string id in Analyzers().SelectMany(a => Create((string)a[0]).SupportedDiagnostics).Select(d => d.Id).Distinct())
        {
            Assert.Contains($"[{id}](docs/rules/{id}.md)", readme, StringComparison.Ordinal);
        }
    }

    public static IEnumerable<object[]> BadInputs()
    {
        const string Usings = "using System; using System.Threading; using FenceGuard;\n";
        yield return new object[] { "empty", "" };
        yield return new object[] { "only usings", Usings };
        yield return new object[] { "broken", Usings + "class C { void M(Fence f) { using (Fence.BeginSignalling() { f.Wait( } " };
        yield return new object[] { "half typed", Usings + "class C { [SignallingPath] void M(Fence f) { f. ; var s = Fence.Begin; Fence.EndSignalling(; await } }" };
        yield return new object[] { "unknown symbols", Usings + "class C { void M() { using (Fence.BeginSignalling()) { Missing.Wait(); x.Result; await y; } } }" };
        yield return new object[] { "bad attribute", Usings + "class C { [SignallingPath(1, 2)] void M() { } [SignallingPath] int P => 1; }" };

        var nested = new StringBuilder(Usings + "class C { [SignallingPath] void M(Fence f) {\n");
        for (int i = 0; i < 5000; i++) nested.Append("{ ");
        nested.Append("f.Wait();");
        for (int i = 0; i < 5000; i++) nested.Append(" }");
        nested.Append("\n} }");
        yield return new object[] { "5000-deep blocks", nested.ToString() };

        var expression = new StringBuilder(Usings + "class C { [SignallingPath] int M(int a) => ");
        for (int i = 0; i < 5000; i++) expression.Append("(a + ");
        expression.Append('1');
        for (int i = 0; i < 5000; i++) expression.Append(')');
        expression.Append("; }");
        yield return new object[] { "5000-deep expression", expression.ToString() };

        var lambdas = new StringBuilder(Usings + "class C { void M(Fence f) { using (Fence.BeginSignalling()) { Action a = ");
        for (int i = 0; i < 300; i++) lambdas.Append("() => { Action b = ");
        lambdas.Append("() => f.Wait()");
        for (int i = 0; i < 300; i++) lambdas.Append("; };");
        lambdas.Append("; } } }");
        yield return new object[] { "300-deep lambdas (deeper overflows the C# binder itself)", lambdas.ToString() };

        var statements = new StringBuilder(Usings + "class C { void M(Fence f) { var s = Fence.BeginSignalling();\n");
        for (int i = 0; i < 10_000; i++) statements.Append("f.Signal();\n");
        statements.Append("Fence.EndSignalling(s); } }");
        yield return new object[] { "10000 statements", statements.ToString() };
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task EveryAnalyzer_SurvivesBadInput_WithoutAD0001_InBoundedTime(string what, string source)
    {
        foreach (object[] analyzer in Analyzers())
        {
            var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview), cancellationToken: default);
            var compilation = CSharpCompilation.Create("Bad", new[] { tree },
                Basic.Reference.Assemblies.Net100.References.All.Append(MetadataReference.CreateFromFile(typeof(FenceGuard.Fence).Assembly.Location)),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null,
                concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
            var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create(Create((string)analyzer[0])), options);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            ImmutableArray<Diagnostic> diagnostics = await withAnalyzers.GetAllDiagnosticsAsync(timeout.Token);
            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
            Assert.False(string.IsNullOrEmpty(what));
        }
    }

    [Fact]
    public async Task DeepNesting_StillFindsTheWait()
    {
        // The robustness inputs are not only survived: the innermost wait of 5000 nested blocks is reported.
        string source = (string)BadInputs().Single(x => (string)x[0] == "5000-deep blocks")[1];
        var tree = CSharpSyntaxTree.ParseText(source);
        var compilation = CSharpCompilation.Create("Deep", new[] { tree },
            Basic.Reference.Assemblies.Net100.References.All.Append(MetadataReference.CreateFromFile(typeof(FenceGuard.Fence).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        ImmutableArray<Diagnostic> diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new FenceGuard.Analyzers.Rules.SignallingSectionAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();
        Assert.Equal("FG0003", Assert.Single(diagnostics).Id);
    }

    [Fact]
    public async Task Diagnostics_AreTheSame_OnRepeatedAndConcurrentRuns()
    {
        // Many methods calling into shared helpers, analysed concurrently: summaries are computed once and shared,
        // and every run must report the same diagnostics with the same chains and locations.
        var source = new StringBuilder("using System; using System.Text; using System.Threading; using FenceGuard;\n");
        source.Append("class Shared { public static string Format(int i) => new StringBuilder().Append(i).ToString(); public static void Nap() => Thread.Sleep(1); public static void Both(int i) { Nap(); Format(i); } }\n");
        for (int i = 0; i < 60; i++)
        {
            source.Append($"class C{i} {{ [SignallingPath] void M(Fence f) {{ Shared.Both({i}); Helper{i}(); }} void Helper{i}() => Shared.Format({i}); }}\n");
        }

        var tree = CSharpSyntaxTree.ParseText(source.ToString());
        var compilation = CSharpCompilation.Create("Determinism", new[] { tree },
            Basic.Reference.Assemblies.Net100.References.All.Append(MetadataReference.CreateFromFile(typeof(FenceGuard.Fence).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        async Task<string> Run()
        {
            var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
            ImmutableArray<Diagnostic> diagnostics = await compilation
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new FenceGuard.Analyzers.Rules.SignallingSectionAnalyzer()), options)
                .GetAnalyzerDiagnosticsAsync();
            return string.Join("\n", diagnostics
                .Select(d => $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage()} [{string.Join(", ", d.AdditionalLocations.Select(l => l.GetLineSpan().ToString()))}]")
                .OrderBy(x => x, StringComparer.Ordinal));
        }

        string first = await Run();
        Assert.Equal(60 * 3, first.Split('\n').Length); // per class: Both blocks, Both allocates, Helper allocates
        string[] concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(Run)));
        Assert.All(concurrent, run => Assert.Equal(first, run));
        Assert.Equal(first, await Run());
    }

    [Fact]
    public async Task GraphDiagnostics_AreTheSame_InTheSameOrder_OnRepeatedAndConcurrentRuns()
    {
        // Cycles spread over many files, reached through shared helpers and an interface, analysed concurrently: every
        // run must report the same cycles, once each, at the same first edge, with the same text and locations.
        var trees = new List<SyntaxTree>
        {
            CSharpSyntaxTree.ParseText("""
                using FenceGuard;
                static class Sync { public static void WaitFor(Fence f) => f.Wait(); public static void Complete(Fence f) => f.Signal(); }
                interface IStep { void Run(Fence input, Fence output); }
                sealed class Step : IStep { public void Run(Fence input, Fence output) { Sync.WaitFor(input); Sync.Complete(output); } }
                """, path: "Shared.cs"),
        };
        for (int i = 0; i < 30; i++)
        {
            trees.Add(CSharpSyntaxTree.ParseText($$"""
                using FenceGuard;
                class A{{i}} { public static Fence F = null!; void Run(IStep step) => step.Run(B{{i}}.F, F); }
                class B{{i}} { public static Fence F = null!; void Run() { Sync.WaitFor(A{{i}}.F); Sync.Complete(F); } }
                """, path: $"Pair{i:D2}.cs"));
        }

        var compilation = CSharpCompilation.Create("GraphDeterminism", trees,
            Basic.Reference.Assemblies.Net100.References.All.Append(MetadataReference.CreateFromFile(typeof(FenceGuard.Fence).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        async Task<string> Run()
        {
            var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
            ImmutableArray<Diagnostic> diagnostics = await compilation
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new FenceGuard.Analyzers.Rules.DependencyGraphAnalyzer()), options)
                .GetAnalyzerDiagnosticsAsync();
            return string.Join("\n", diagnostics.Select(d =>
                $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage()} [{string.Join(", ", d.AdditionalLocations.Select(l => l.GetLineSpan().ToString()))}]"));
        }

        string first = await Run();
        string[] lines = first.Split('\n');
        Assert.Equal(30, lines.Length);                                   // one cycle per pair, reported once
        Assert.All(lines, line => Assert.StartsWith("FG0020 Pair", line, StringComparison.Ordinal));
        Assert.Equal(lines.OrderBy(l => l, StringComparer.Ordinal), lines); // in source order (file, then position)
        string[] concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(Run)));
        Assert.All(concurrent, run => Assert.Equal(first, run));
        Assert.Equal(first, await Run());
    }

    [Fact]
    public async Task AllAnalyzers_OnManyCompilationsAtOnce_ReportTheSameDiagnostics_WithoutFailures()
    {
        // Every analyzer together on one source, 200 compilations analysed concurrently: the shared per-compilation
        // state (summaries, lazily computed witnesses, fence events) must give every run the same diagnostics and no
        // AD0001. (A 300-run stress of this kind is how fence events sorted in place while another analyzer read them
        // were found; that race is now impossible by construction: events are sorted once, when collected.)
        string source = "using System; using System.Threading; using System.Threading.Tasks; using FenceGuard;\n" + """
            class Completion
            {
                public static void Done(Fence f) => Publish(f);
                static void Publish(Fence f) => f.Signal();
                public static void Section() { using (Fence.BeginSignalling()) { } }
                public static void Nap() => Thread.Sleep(1);
            }
            [RecoverableFaults]
            class SvmCompute
            {
                public void Run(Fence done, UserFence progress)
                {
                    progress.Signal();
                    done.Signal();
                    Completion.Done(done);
                    Completion.Section();
                }
            }
            class Ring
            {
                static Fence A = null!, B = null!;
                readonly object _gate = new();
                void One() { Sync(B); A.Signal(); }
                void Two() { Sync(A); B.Signal(); }
                static void Sync(Fence f) => f.Wait();
                void Retire(UserFence user)
                {
                    user.AddCallback(_ => A.Signal());
                    using (Fence.BeginSignalling()) { Completion.Nap(); lock (_gate) { } }
                    lock (_gate) { B.Wait(); }
                }
            }
            """;
        ImmutableArray<DiagnosticAnalyzer> analyzers = Analyzers().Select(a => Create((string)a[0])).ToImmutableArray();
        string[] runs = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            var compilation = CSharpCompilation.Create("Concurrent", new[] { CSharpSyntaxTree.ParseText(source) },
                Basic.Reference.Assemblies.Net100.References.All.Append(MetadataReference.CreateFromFile(typeof(FenceGuard.Fence).Assembly.Location)),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
            return string.Join("\n", diagnostics.Select(d => d.ToString()).OrderBy(d => d, StringComparer.Ordinal));
        })));
        Assert.DoesNotContain("AD0001", runs[0], StringComparison.Ordinal);
        Assert.Contains("FG0020", runs[0], StringComparison.Ordinal);
        Assert.Contains("FG0030", runs[0], StringComparison.Ordinal);
        Assert.All(runs, run => Assert.Equal(runs[0], run));
    }
}
