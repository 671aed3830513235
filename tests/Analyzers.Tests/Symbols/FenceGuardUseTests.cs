using System.Threading;
using FenceGuard.Analyzers.Rules;
using FenceGuard.Analyzers.Symbols;
using FenceGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace FenceGuard.Analyzers.Tests.Symbols;

/// <summary>The compilation gate: code that references the runtime but never names it costs one text search per tree.</summary>
public class FenceGuardUseTests
{
    private static readonly IAssemblySymbol Runtime =
        TestCompilations.Create("class C { }").GetTypeByMetadataName("FenceGuard.Fence")!.ContainingAssembly;

    [Theory]
    [InlineData("using FenceGuard; class C { }", true)]
    [InlineData("class C { global::FenceGuard.Fence? F; }", true)]
    [InlineData("using F = FenceGuard.Fence; class C { }", true)]
    [InlineData("namespace FenceGuard.App { class C { } }", true)]
    [InlineData("class C { \\u0046enceGuard.Fence? F; }", true)] // an identifier spelled with an escape
    [InlineData("// FenceGuard in a comment counts: the check is conservative\nclass C { }", true)]
    [InlineData("class C { void M() { lock (this) { } } }", false)]
    [InlineData("class C { string S = \"\\u2192 escapes without the name\"; }", false)]
    [InlineData("class C { string S = \"Fence\"; object Fence = new object(); }", false)]
    [InlineData("", false)]
    public void OneTree_NamesFenceGuard_OnlyWhenTheIdentifierIsThere(string source, bool expected)
    {
        Assert.Equal(expected, FenceGuardUse.MayUse(TestCompilations.Create(source), Runtime, CancellationToken.None));
    }

    [Fact]
    public void AGlobalUsingInAnotherTree_OpensTheGate()
    {
        CSharpCompilationFor(new[] { "global using FenceGuard;", "class C { void M() { using (Fence.BeginSignalling()) { } } }" }, expected: true);
    }

    [Fact]
    public void TextLongerThanOneChunk_WithTheNameAcrossAChunkBoundary_IsFound()
    {
        for (int padding = 8180; padding < 8200; padding++)
        {
            string source = "//" + new string('x', padding) + "\nusing FenceGuard; class C { }";
            CSharpCompilationFor(new[] { source }, expected: true);
        }
    }

    [Fact]
    public void AReferenceThatDependsOnTheRuntime_OpensTheGate_ThoughNoTreeNamesIt()
    {
        MetadataReference library = TestCompilations.Emit(TestCompilations.Create(
            "namespace Lib { public static class Fences { public static FenceGuard.Fence A = new FenceGuard.FenceTimeline(\"a\").CreateFence(); } }"));
        Assert.True(FenceGuardUse.MayUse(TestCompilations.Create(new[] { "class C { void M() => Lib.Fences.A.Wait(); }" }, library), Runtime, CancellationToken.None));
    }

    [Fact]
    public void AReferenceThatDoesNotDependOnTheRuntime_LeavesTheGateShut()
    {
        MetadataReference library = TestCompilations.Emit(TestCompilations.Create("namespace Lib { public static class Util { public static int Two() => 2; } }"));
        Assert.False(FenceGuardUse.MayUse(TestCompilations.Create(new[] { "class C { int M() => Lib.Util.Two(); }" }, library), Runtime, CancellationToken.None));
    }

    [Fact]
    public async Task RuntimeReferencedButNeverNamed_EveryAnalyzerRegistersNothing()
    {
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation = TestCompilations.Create(
            "using System.Threading.Tasks; class C { readonly object _gate = new(); async Task M(TaskCompletionSource t) { lock (_gate) { } await t.Task; } }");
        foreach (DiagnosticAnalyzer analyzer in new DiagnosticAnalyzer[] { new SignallingSectionAnalyzer(), new SectionBalanceAnalyzer(), new IndefiniteFenceAnalyzer(), new DependencyGraphAnalyzer() })
        {
            (var diagnostics, AnalyzerTelemetryInfo telemetry) = await TestCompilations.AnalyzeAsync(compilation, analyzer);
            Assert.Empty(diagnostics);
            Assert.Equal(0, telemetry.OperationBlockActionsCount + telemetry.SymbolStartActionsCount + telemetry.CompilationEndActionsCount + telemetry.OperationActionsCount);
        }
    }

    [Fact]
    public async Task FencesFromAReferencedLibrary_UsedWithoutNamingFenceGuard_StillFormACycle()
    {
        MetadataReference library = TestCompilations.Emit(TestCompilations.Create(
            "namespace Lib { public static class Ring { public static FenceGuard.Fence A = new FenceGuard.FenceTimeline(\"a\").CreateFence(); public static FenceGuard.Fence B = new FenceGuard.FenceTimeline(\"b\").CreateFence(); } }"));
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation app = TestCompilations.Create(new[]
        {
            "class P { void Run() { var a = Lib.Ring.A; a.Wait(); Lib.Ring.B.Signal(); } }\nclass Q { void Run() { Lib.Ring.B.Wait(); Lib.Ring.A.Signal(); } }",
        }, library);
        (var diagnostics, _) = await TestCompilations.AnalyzeAsync(app, new DependencyGraphAnalyzer());
        Diagnostic cycle = Assert.Single(diagnostics);
        Assert.Equal("FG0020", cycle.Id);
        Assert.Equal(
            "Fence dependency cycle: 'Ring.B' is signalled after waiting on 'Ring.A' (Test0.cs line 1) → 'Ring.A' is signalled after waiting on 'Ring.B' (Test0.cs line 2)",
            cycle.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void CSharpCompilationFor(string[] sources, bool expected) =>
        Assert.Equal(expected, FenceGuardUse.MayUse(TestCompilations.Create(sources), Runtime, CancellationToken.None));
}
