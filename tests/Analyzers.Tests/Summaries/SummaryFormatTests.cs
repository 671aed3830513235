using System.Collections.Immutable;
using System.Threading;
using FenceGuard.Analyzers.Facts;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Summaries;
using FenceGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace FenceGuard.Analyzers.Tests.Summaries;

/// <summary>The recorded summary format (SummaryFormat, LibrarySummaries): what is written is read back, and what is not a record is refused.</summary>
public class SummaryFormatTests
{
    private static readonly Location Site = Location.Create("/lib/XLib.cs", new TextSpan(10, 4), new LinePositionSpan(new LinePosition(3, 2), new LinePosition(3, 6)));

    private static string Record(string id, MethodSummary summary, params FenceEdge[] graph) =>
        SummaryFormat.Write("XLib", new[] { (id, summary) }, graph, Array.Empty<FenceEdge>());

    private static MethodSummary WithWitness(EffectKind kind, ExternalHop hop)
    {
        Witness?[] witnesses = MethodSummary.NewWitnesses();
        MethodSummary.TrySet(witnesses, kind, new Witness(hop.Construct, hop.Location, null, null, hop));
        var summary = new MethodSummary();
        summary.Publish(witnesses);
        return summary;
    }

    [Theory]
    [InlineData("'new StringBuilder'")]
    [InlineData("a construct with a\ttab, a\nline break and a \\ backslash")]
    [InlineData("'Thread.Sleep' (a known blocking member)")]
    public void DirectEffect_IsReadBack_WithItsConstructAndLocation(string construct)
    {
        string text = Record("M:XLib.S.F", WithWitness(EffectKind.Allocation, new ExternalHop(construct, Site, null, null, null)));

        MethodSummary read = SummaryFormat.Read(text, out string? problem)!.Of("M:XLib.S.F")!;

        Assert.Null(problem);
        ExternalHop hop = read[EffectKind.Allocation]!.External!;
        Assert.Equal(construct, hop.Construct);
        Assert.Equal("/lib/XLib.cs", hop.Location.GetLineSpan().Path);
        Assert.Equal(new LinePosition(3, 2), hop.Location.GetLineSpan().StartLinePosition);
        Assert.Equal(new TextSpan(10, 4), hop.Location.SourceSpan);
        Assert.Null(read[EffectKind.Blocking]);
    }

    [Fact]
    public void CallHop_IsReadBack_AndResolvesTheNextMemberFromTheSameRecord()
    {
        string text = SummaryFormat.Write("XLib", new[]
        {
            ("M:XLib.S.Outer", WithWitness(EffectKind.Blocking, new ExternalHop(null, Site, "M:XLib.S.Inner", "Inner", null))),
            ("M:XLib.S.Inner", WithWitness(EffectKind.Blocking, new ExternalHop("'Thread.Sleep'", Site, null, null, null))),
        }, Array.Empty<FenceEdge>(), Array.Empty<FenceEdge>());
        LibrarySummaries library = SummaryFormat.Read(text, out _)!;

        ExternalHop outer = library.Of("M:XLib.S.Outer")![EffectKind.Blocking]!.External!;

        Assert.Equal("Inner", outer.NextName);
        Assert.Equal("'Thread.Sleep'", outer.Next![EffectKind.Blocking]!.External!.Construct);
    }

    [Fact]
    public void FenceFacts_AndGraphEdges_AreReadBack_WithTheirNodes()
    {
        var a = new GraphNode("F:XLib.S.A", "'S.A'", NodeKind.Fence);
        var p = new GraphNode("param:1", "parameter 'fence'", NodeKind.Fence, 1);
        GraphNode gate = GraphNode.ForLock(LockClass.Reservation);
        var summary = new MethodSummary { InvokedParameters = new[] { 0, 2 } };
        summary.Fences = new FenceSummary();
        summary.Fences.Waits[a.Key] = (a, Site);
        summary.Fences.Signals[p.Key] = (p, Site);
        var held = new FenceEdge(gate, p, EdgeKind.HeldWhileWaiting, Site);
        summary.Fences.Edges[held.Key] = held;
        summary.Publish(MethodSummary.NewWitnesses());
        var cycleHalf = new FenceEdge(a, new GraphNode("F:XLib.S.B", "'S.B'", NodeKind.UserFence), EdgeKind.WaitsOn, Site);

        string text = Record("M:XLib.S.M(FenceGuard.Fence)", summary, cycleHalf);
        LibrarySummaries library = SummaryFormat.Read(text, out _)!;
        MethodSummary read = library.Of("M:XLib.S.M(FenceGuard.Fence)")!;

        Assert.Equal(new[] { 0, 2 }, read.InvokedParameters);
        Assert.Equal("'S.A'", read.Fences.Waits["F:XLib.S.A"].Node.Display);
        Assert.Equal(1, read.Fences.Signals["param:1"].Node.ParameterOrdinal);
        FenceEdge edge = Assert.Single(read.Fences.Edges.Values);
        Assert.Equal(LockClass.ReservationKey, edge.From.Lock!.Value.Key);
        Assert.Equal(EdgeKind.HeldWhileWaiting, edge.Kind);
        FenceEdge graph = Assert.Single(SummaryFormat.ReadGraph(text, out _)!.Edges);
        Assert.True(graph.To.IsIndefinite);
        Assert.False(library.Malformed);
    }

    [Fact]
    public void LibraryGraph_IsReadFromThePrefixAlone_BeforeAnyMember()
    {
        var a = new GraphNode("F:XLib.S.A", "'S.A'", NodeKind.Fence);
        var b = new GraphNode("F:XLib.S.B", "'S.B'", NodeKind.Fence);
        var members = Enumerable.Range(0, 2000).Select(i => ($"M:XLib.S.F{i:D4}", WithWitness(EffectKind.Allocation, new ExternalHop("'new object'", Site, null, null, null))));
        string text = SummaryFormat.Write("XLib", members, new[] { new FenceEdge(a, b, EdgeKind.WaitsOn, Site) }, Array.Empty<FenceEdge>());
        // The members' part damaged (from the third 4096-character block on): reading the graph must not need it.
        Assert.True(text.Length > 3 * 8192);
        string damaged = text.Substring(0, 8192) + new string('*', text.Length - 8192);

        LibraryGraph graph = SummaryFormat.ReadGraph(damaged, out string? problem)!;

        Assert.Null(problem);
        Assert.Equal("F:XLib.S.A\u2192F:XLib.S.B", Assert.Single(graph.Edges).Key);
        Assert.Null(SummaryFormat.Read(damaged, out _));
    }

    [Fact]
    public void LibraryGraphOfAnotherVersion_IsRefused()
    {
        string other = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("fenceguard-summaries\t2\nassembly\tXLib\ngraph\tWaitsOn\n"));

        Assert.Null(SummaryFormat.ReadGraph(other, out string? problem));
        Assert.Equal("it has format version 2, and this FenceGuard reads version 1", problem);
    }

    [Fact]
    public void MemberTheLibraryDidNotRecord_IsNull()
    {
        string text = Record("M:XLib.S.F", WithWitness(EffectKind.Allocation, new ExternalHop("'new object'", Site, null, null, null)));

        Assert.Null(SummaryFormat.Read(text, out _)!.Of("M:XLib.S.Pure"));
    }

    [Fact]
    public void SameSummaries_WrittenInAnotherOrder_GiveTheSameText()
    {
        MethodSummary one = WithWitness(EffectKind.Allocation, new ExternalHop("'new object'", Site, null, null, null));
        MethodSummary two = WithWitness(EffectKind.Blocking, new ExternalHop("'Thread.Sleep'", Site, null, null, null));

        string forward = SummaryFormat.Write("XLib", new[] { ("M:A", one), ("M:B", two) }, Array.Empty<FenceEdge>(), Array.Empty<FenceEdge>());
        string backward = SummaryFormat.Write("XLib", new[] { ("M:B", two), ("M:A", one) }, Array.Empty<FenceEdge>(), Array.Empty<FenceEdge>());

        Assert.Equal(forward, backward);
    }

    [Theory]
    [InlineData("", "it is not a FenceGuard summary")]
    [InlineData("!!!", "it is not a FenceGuard summary")]
    [InlineData("something else\n", "it is not a FenceGuard summary")]
    [InlineData("fenceguard-summaries\t2\nassembly\tXLib\n", "it has format version 2, and this FenceGuard reads version 1")]
    [InlineData("fenceguard-summaries\t0\nassembly\tXLib\n", "it has format version 0, and this FenceGuard reads version 1")]
    [InlineData("fenceguard-summaries\t1\n", "it names no assembly")]
    public void TextThatIsNotARecordOfThisVersion_IsRefused_WithWhy(string plain, string why)
    {
        string encoded = plain == "!!!" ? plain : Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(plain)).TrimEnd('=');

        Assert.Null(SummaryFormat.Read(encoded, out string? problem));
        Assert.Equal(why, problem);
    }

    [Theory]
    [InlineData("effect\tAllocation\t'x'\t/lib/XLib.cs\t1\t2\t3\t4\t3\t5")]
    [InlineData("effect\tNoSuchKind\t'x'\t/lib/XLib.cs\t1\t2\t3\t4\t3\t5\t\t")]
    [InlineData("effect\tAllocation\t\t/lib/XLib.cs\t1\t2\t3\t4\t3\t5\t\t")]
    [InlineData("wait\tFence\t-1\tF:X\t'X'\t/lib/XLib.cs\tone\t2\t3\t4\t3\t5")]
    [InlineData("unknown\tline")]
    public void MalformedMemberLine_MakesThatMemberUnknown_AndTheLibraryMalformed(string line)
    {
        string plain = $"fenceguard-summaries\t1\nassembly\tXLib\nmember\tM:XLib.S.F\n{line}\nmember\tM:XLib.S.G\neffect\tBlocking\t'Thread.Sleep'\t/lib/XLib.cs\t1\t2\t3\t4\t3\t5\t\t\n";
        LibrarySummaries library = SummaryFormat.Read(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(plain)), out _)!;

        Assert.Null(library.Of("M:XLib.S.F"));
        Assert.True(library.Malformed);
        Assert.NotNull(library.Of("M:XLib.S.G")![EffectKind.Blocking]);
    }

    [Fact]
    public async Task ConsumerThatNeverCallsTheLibrary_ReadsTheFileOnceForItsHeader_AndDecodesNoMember()
    {
        // A valid header followed by a body that is not base64 at all: decoding any member would fail, and would make
        // the library's calls unknown; a consumer that never calls into it decodes only the header (for FG9002).
        string plain = "fenceguard-summaries\t1\nassembly\tXLib\nmember\tM:XLib.S.Nap\t" + new string('x', 600) + "\n";
        string header = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(plain)).Substring(0, 700);
        RecordedLibrary library = RecordedLibrary.Build("XLib", "using FenceGuard; namespace XLib { public static class S { public static void Nap() => System.Threading.Thread.Sleep(1); } }");
        var file = new CountingText("/lib/XLib.fenceguard", header + new string('*', 100_000));
        Compilation consumer = TestCompilations.Create(new[] { "using FenceGuard; class App { void Retire() { using (Fence.BeginSignalling()) { System.Threading.Thread.Sleep(1); } } }" }, library.Image);

        ImmutableArray<Diagnostic> diagnostics = await Analyze(consumer, file);

        Assert.Equal(new[] { "FG0004" }, diagnostics.Select(d => d.Id));
        Assert.Equal(1, file.Reads);
    }

    [Fact]
    public async Task ConsumerThatCallsTheLibrary_ReadsItsSummaryFileOnce()
    {
        RecordedLibrary library = RecordedLibrary.Build("XLib", "using FenceGuard; namespace XLib { public static class S { public static void Nap() => System.Threading.Thread.Sleep(1); } }");
        var file = new CountingText("/lib/XLib.fenceguard", library.Summaries!);
        Compilation consumer = TestCompilations.Create(new[] { "using FenceGuard; class App { void Retire() { using (Fence.BeginSignalling()) { XLib.S.Nap(); XLib.S.Nap(); } } void Again() { using (Fence.BeginSignalling()) { XLib.S.Nap(); } } }" }, library.Image);

        ImmutableArray<Diagnostic> diagnostics = await Analyze(consumer, file);

        Assert.Equal(3, diagnostics.Count(d => d.Id == "FG0004"));
        Assert.Equal(1, file.Reads);
    }

    private static Task<ImmutableArray<Diagnostic>> Analyze(Compilation compilation, AdditionalText file)
    {
        ImmutableArray<DiagnosticAnalyzer> analyzers = typeof(FenceGuard.Analyzers.Rules.FenceGuardAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)).Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToImmutableArray();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray.Create(file)), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
        return compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
    }

    private sealed class CountingText : AdditionalText
    {
        private readonly string _text;
        private int _reads;

        public CountingText(string path, string text)
        {
            Path = path;
            _text = text;
        }

        public int Reads => _reads;

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _reads);
            return SourceText.From(_text);
        }
    }
}
