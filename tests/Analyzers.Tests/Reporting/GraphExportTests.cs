using System.Threading;
using System.Collections.Immutable;
using FenceGuard.Analyzers.Rules;
using FenceGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace FenceGuard.Analyzers.Tests.Reporting;

/// <summary>The graph FG9003 exports for the tool (GraphExport): the analyzers' own graph, its cycles and inversions.</summary>
public class GraphExportTests
{
    private const string Usings = "using System; using System.Threading; using FenceGuard;\n";

    private const string Code = Usings + """
        class Engines
        {
            static Fence _copy = null!, _scan = null!, _proxy = null!;
            static readonly UserFence Client = new("client");
            static readonly ReservationObject Buffer = new();
            readonly object _gate = new();

            void Copy() { _scan.Wait(); _copy.Signal(); }
            void Scan() { _copy.Wait(); _scan.Signal(); }
            void Arm() => Client.AddCallback(_ => _proxy.Signal());
            void Share() { using (Buffer.Lock()) { Buffer.ReserveSlots(1); Buffer.AddFence(_proxy, FenceUsage.Read); } }
            void Hold() { lock (_gate) { _copy.Wait(); } }
            void Complete(Fence done) { using (Fence.BeginSignalling()) { lock (_gate) { done.Signal(); } } }
        }
        """;

    private static async Task<string?> Exported(string source, bool marker)
    {
        Compilation compilation = TestCompilations.Create(source);
        ImmutableArray<AdditionalText> files = marker ? ImmutableArray.Create<AdditionalText>(new RecordedLibrary.Text("/obj/" + FenceGuardCompilation.ExportGraphFile, "")) : ImmutableArray<AdditionalText>.Empty;
        ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new DependencyGraphAnalyzer()),
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(files), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false))
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return diagnostics.SingleOrDefault(d => d.Id == "FG9003")?.Properties["fenceguard.graph"];
    }

    private static string[] Lines(string text, string tag) => text.Split('\n').Where(l => l.StartsWith(tag + "\t", StringComparison.Ordinal)).ToArray();

    [Fact]
    public async Task WithoutTheToolsMarker_NothingIsExported()
    {
        Assert.Null(await Exported(Code, marker: false));
    }

    [Theory]
    [InlineData("node\tFence\tF:Engines._copy\t'Engines._copy'\tFG0020")]
    [InlineData("node\tFence\tF:Engines._scan\t'Engines._scan'\tFG0020")]
    [InlineData("node\tUserFence\tF:Engines.Client\t'Engines.Client'\t")]
    [InlineData("node\tFence\tF:Engines._proxy\t'Engines._proxy'\tFG0010,FG0011")]
    [InlineData("node\tLock\tlock:F:Engines._gate\t'Engines._gate'\tFG0005")]
    [InlineData("node\tSignallingMap\tmap:signalling\tthe signalling map (every signalling section)\tFG0005")]
    public async Task EveryNode_HasItsKind_AndTheRulesReportedOnIt(string line)
    {
        string text = (await Exported(Code, marker: true))!;

        Assert.Contains(line, Lines(text, "node"));
    }

    [Fact]
    public async Task Edges_SayWhyAndWhere_AndCyclesNameTheirEdgesInOrder()
    {
        string text = (await Exported(Code, marker: true))!;
        string[] edges = Lines(text, "edge");

        Assert.Contains("edge\tWaitsOn\tF:Engines._copy\tF:Engines._scan\tTest0.cs\t9\t'Engines._copy' is signalled after waiting on 'Engines._scan'", edges);
        Assert.Contains("edge\tCallbackOf\tF:Engines._proxy\tF:Engines.Client\tTest0.cs\t11\t'Engines._proxy' is signalled from a callback of 'Engines.Client'", edges);
        string[] cycle20 = Assert.Single(Lines(text, "cycle"), l => l.StartsWith("cycle\tFG0020", StringComparison.Ordinal)).Split('\t');
        Assert.Equal(4, cycle20.Length);
        string[] first = edges[int.Parse(cycle20[2], System.Globalization.CultureInfo.InvariantCulture)].Split('\t');
        string[] second = edges[int.Parse(cycle20[3], System.Globalization.CultureInfo.InvariantCulture)].Split('\t');
        Assert.Equal(first[3], second[2]); // around the cycle: the first edge's target is the second's source
        Assert.Equal(second[3], first[2]);
    }

    [Fact]
    public async Task ALockInversion_IsDrawnThroughTheSignallingMap()
    {
        string text = (await Exported(Code, marker: true))!;
        string[] edges = Lines(text, "edge");
        string[] cycle = Assert.Single(Lines(text, "cycle"), l => l.StartsWith("cycle\tFG0005", StringComparison.Ordinal)).Split('\t');

        string[] taken = edges[int.Parse(cycle[2], System.Globalization.CultureInfo.InvariantCulture)].Split('\t');
        string[] held = edges[int.Parse(cycle[3], System.Globalization.CultureInfo.InvariantCulture)].Split('\t');
        Assert.Equal(new[] { "edge", "TakenInSection", "map:signalling", "lock:F:Engines._gate", "Test0.cs", "14" }, taken.Take(6));
        Assert.Equal(new[] { "edge", "HeldWhileWaiting", "lock:F:Engines._gate", "map:signalling", "Test0.cs", "13" }, held.Take(6));
        Assert.Contains("'Fence.Wait' at line 13", held[6], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodeWithNoFences_ExportsAnEmptyGraph()
    {
        string text = (await Exported(Usings + "class C { void M() { } }", marker: true))!;

        Assert.Equal("fenceguard-graph\t1", text.Split('\n')[0]);
        Assert.Empty(Lines(text, "node"));
        Assert.Empty(Lines(text, "edge"));
    }
}
