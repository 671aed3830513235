using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Xml.Linq;
using Microsoft.Build.Locator;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace FenceGuard.Tool.Tests;

/// <summary>Registers the SDK's MSBuild before any test loads an MSBuild type (as the tool's Main does).</summary>
internal static class MSBuildRegistration
{
    [ModuleInitializer]
    internal static void Register()
    {
        if (!MSBuildLocator.IsRegistered)
        {
            MSBuildLocator.RegisterDefaults();
        }
    }
}

/// <summary>
/// The tool's commands run in-process (<see cref="Cli"/>) on projects the tests write: the sample, a fence cycle
/// through three files, and a project with no fences. They assert on the DOT and Mermaid graphs (nodes, edges, the
/// highlighted cycle), the SVG (well-formed XML holding the cycle's nodes), and check's summary and exit codes.
/// </summary>
public sealed class ToolTests
{
    private static readonly string Root = FindRoot();

    private static readonly Lazy<string> ThreeFiles = new(() => WriteProject("ThreeFiles", new[]
    {
        ("Copy.cs", "using FenceGuard; public static class Copy { public static Fence Done = null!; public static void Run() { Scan.Done.Wait(); Done.Signal(); } }"),
        ("Scan.cs", "using FenceGuard; public static class Scan { public static Fence Done = null!; public static void Run() { Blit.Done.Wait(); Done.Signal(); } }"),
        ("Blit.cs", "using FenceGuard; public static class Blit { public static Fence Done = null!; public static void Run() { Copy.Done.Wait(); Done.Signal(); } }"),
    }));

    private static readonly Lazy<string> Clean = new(() => WriteProject("Clean", new[]
    {
        ("Math.cs", "public static class Arithmetic { public static int Twice(int x) => 2 * x; }"),
    }));

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await new Cli(output, error, interactive: false).RunAsync(args, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task ThreeFileCycle_Dot_HasItsThreeNodesAndTheCycleInRed()
    {
        (int code, string dot, _) = await Run("graph", ThreeFiles.Value, "--format", "dot");

        Assert.Equal(0, code);
        foreach (string node in new[] { "Copy.Done\\nFG0020", "Scan.Done\\nFG0020", "Blit.Done\\nFG0020" })
        {
            Assert.Contains(node, dot, StringComparison.Ordinal);
        }

        string[] red = dot.Split('\n').Where(l => l.Contains(" -> ", StringComparison.Ordinal) && l.Contains("#c62828", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, red.Length);
        Assert.Contains(red, l => l.Contains("Copy.cs:1", StringComparison.Ordinal));
        Assert.Contains(red, l => l.Contains("Scan.cs:1", StringComparison.Ordinal));
        Assert.Contains(red, l => l.Contains("Blit.cs:1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThreeFileCycle_Mermaid_DrawsTheSameEdges_AndHighlightsEach()
    {
        (int code, string mermaid, _) = await Run("graph", ThreeFiles.Value, "--format", "mermaid");

        Assert.Equal(0, code);
        Assert.StartsWith("flowchart LR", mermaid, StringComparison.Ordinal);
        Assert.Equal(3, mermaid.Split('\n').Count(l => l.Contains("-- \"signalled after waiting on", StringComparison.Ordinal)));
        Assert.Equal(3, mermaid.Split('\n').Count(l => l.TrimStart().StartsWith("linkStyle", StringComparison.Ordinal)));
        Assert.Contains("Copy.Done<br/>FG0020", mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThreeFileCycle_Svg_IsWellFormedXml_HoldingTheCycle()
    {
        Assert.True(HasGraphviz(), "Graphviz's dot is needed (.ci/run installs it)");
        string file = Path.Combine(Path.GetTempPath(), $"fenceguard-{Guid.NewGuid():N}.svg");
        (int code, string output, _) = await Run("graph", ThreeFiles.Value, "--format", "svg", "--output", file);

        Assert.Equal(0, code);
        Assert.Contains("(3 nodes, 3 edges, 1 cycles and inversions)", output, StringComparison.Ordinal);
        XDocument svg = XDocument.Load(file);
        string text = string.Join(" ", svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
        Assert.Contains("Copy.Done", text, StringComparison.Ordinal);
        Assert.Contains("Blit.Done", text, StringComparison.Ordinal);
        Assert.Contains("FG0020", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThreeFileCycle_Html_IsOneFile_WithThePictureAndTheFindingsLinkedToTheirRulePages()
    {
        Assert.True(HasGraphviz(), "Graphviz's dot is needed (.ci/run installs it)");
        string file = Path.Combine(Path.GetTempPath(), $"fenceguard-{Guid.NewGuid():N}.html");
        (int code, _, _) = await Run("graph", ThreeFiles.Value, "--format", "html", "--output", file);

        Assert.Equal(0, code);
        string html = File.ReadAllText(file);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("Copy.Done", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://github.com/fenceguard/fenceguard/blob/main/docs/rules/FG0020.md\">FG0020</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal); // self-contained
    }

    [Fact]
    public async Task ThreeFileCycle_Check_ExitsOne_WithTheSummary()
    {
        (int code, string output, _) = await Run("check", ThreeFiles.Value);

        Assert.Equal(1, code);
        Assert.Matches(@"FG0020\s+1\s+\w+\.cs:1", output);
        Assert.Contains("1 findings in 1 projects; 1 at or above 'error'.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CleanProject_Graph_SaysNoFencesFound_AndCheckExitsZero()
    {
        (int graphCode, string dot, string graphError) = await Run("graph", Clean.Value, "--format", "dot");
        (int checkCode, string summary, _) = await Run("check", Clean.Value, "--severity-threshold", "warning");

        Assert.Equal(0, graphCode);
        Assert.Contains("No fences found", graphError, StringComparison.Ordinal);
        Assert.DoesNotContain(" -> ", dot, StringComparison.Ordinal);
        Assert.Equal(0, checkCode);
        Assert.Contains("0 findings in 1 projects", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sample_Graph_HasItsCycles_IndefiniteFences_AndInversion()
    {
        (int code, string dot, _) = await Run("graph", Path.Combine(Root, "samples", "FencePipeline"), "--format", "dot");

        Assert.Equal(0, code);
        Assert.Contains("CopyEngine.CopyDone\\nFG0020", dot, StringComparison.Ordinal);
        Assert.Contains("Compositor._presented\\nFG0021\", shape=ellipse", dot, StringComparison.Ordinal);
        Assert.Contains("Stats.Gate\\nFG0005\", shape=hexagon", dot, StringComparison.Ordinal);
        Assert.Contains("shape=doubleoctagon", dot, StringComparison.Ordinal);
        Assert.Contains("style=dashed", dot, StringComparison.Ordinal);
    }

    private static readonly Lazy<string> Broken = new(() => WriteProject("Broken", new[]
    {
        ("Broken.cs", "using FenceGuard; public static class Broken { public static Fence Done = null!; public static void Run() { using (Fence.BeginSignalling()) { Done.Wait(); } Missing(); } }"),
    }));

    [Fact]
    public async Task ProjectWithCompilerErrors_IsAnalysedAnyway_AndSaysSo()
    {
        (int code, string output, string error) = await Run("check", Broken.Value);

        Assert.Equal(1, code); // FG0003 is an error
        Assert.Contains("has 1 compiler errors; analysed anyway", error, StringComparison.Ordinal);
        Assert.Matches(@"FG0003\s+1\s+Broken\.cs:1", output);
    }

    [Fact]
    public async Task ProjectThatFailsToRestore_IsOneLine_ExitFive()
    {
        string folder = WriteProject("Unrestorable", new[] { ("A.cs", "public static class A { }") });
        string project = Path.Combine(folder, "Unrestorable.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("</ItemGroup>", "<PackageReference Include=\"No.Such.Package.Anywhere\" Version=\"9.9.9\" /></ItemGroup>", StringComparison.Ordinal));

        (int code, _, string error) = await Run("check", folder);

        Assert.Equal(5, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("fenceguard: 'Unrestorable.csproj' failed to restore", StringComparison.Ordinal));
    }

    [Fact]
    public async Task All_DrawsEveryComponent_AndProject_PicksOneProject()
    {
        string folder = WriteProject("Mixed", new[]
        {
            ("Cycle.cs", "using FenceGuard; public static class P { public static Fence A = null!, B = null!; public static void X() { A.Wait(); B.Signal(); } public static void Y() { B.Wait(); A.Signal(); } }"),
            ("Chain.cs", "using FenceGuard; public static class Q { public static Fence C = null!, D = null!; public static void Z() { C.Wait(); D.Signal(); } }"),
        });

        (_, string relevant, _) = await Run("graph", folder, "--format", "dot");
        (_, string all, _) = await Run("graph", folder, "--format", "dot", "--all");
        (int named, _, _) = await Run("graph", folder, "--format", "dot", "--project", "Mixed");
        (int unknown, _, string error) = await Run("graph", folder, "--format", "dot", "--project", "Other");

        Assert.DoesNotContain("Q.D", relevant, StringComparison.Ordinal); // a chain with no finding is left out by default
        Assert.Contains("P.A\\nFG0020", relevant, StringComparison.Ordinal);
        Assert.Contains("Q.D", all, StringComparison.Ordinal);
        Assert.Equal(0, named);
        Assert.Equal(5, unknown);
        Assert.Contains("No project named 'Other'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, "graph", "/no/such/path")]
    [InlineData(2, "draw", "x")]
    [InlineData(2, "graph")]
    [InlineData(2, "check", ".", "--severity-threshold", "fatal")]
    [InlineData(2, "graph", ".", "--format", "png")]
    [InlineData(2, "graph", ".", "--colour", "red")]
    public async Task BadInput_IsOneLine_AndADocumentedExitCode(int expected, params string[] args)
    {
        string[] withPaths = args.Select(a => a == "." ? Clean.Value : a).ToArray();
        (int code, _, string error) = await Run(withPaths);

        Assert.Equal(expected, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("fenceguard: ", StringComparison.Ordinal));
    }

    private static bool HasGraphviz() => Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, "dot")));

    /// <summary>A project of <paramref name="files"/> that references the repository's runtime and analyzers, as the sample does.</summary>
    private static string WriteProject(string name, (string Name, string Text)[] files)
    {
        string folder = Path.Combine(Path.GetTempPath(), "fenceguard-tool-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        string analyzers = Path.Combine(Root, "Analyzers", "bin", Configuration(), "netstandard2.0", "FenceGuard.Analyzers.dll");
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{Path.Combine(Root, "Runtime", "Runtime.csproj")}" />
                <Analyzer Include="{analyzers}" />
                <PackageReference Include="QuikGraph" Version="2.5.0" GeneratePathProperty="true" ExcludeAssets="all" PrivateAssets="all" />
                <Analyzer Include="$(PkgQuikGraph)/lib/netstandard2.0/QuikGraph.dll" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project />");
        foreach ((string file, string text) in files)
        {
            File.WriteAllText(Path.Combine(folder, file), text + "\n");
        }

        return folder;
    }

    private static string Configuration() =>
        AppContext.BaseDirectory.Contains(Path.DirectorySeparatorChar + "Release" + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? "Release" : "Debug";

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analyzers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
