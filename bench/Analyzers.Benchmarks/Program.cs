using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using FenceGuard.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace FenceGuard.Analyzers.Benchmarks;

/// <summary>
/// FenceGuard's analyzer cost against the compiler and against peer analyzers, on generated code of growing size.
/// Each size and variant runs in a child process of its own, so peak memory is that size's.
/// Usage: dotnet run -c Release --project bench/Analyzers.Benchmarks -- [--sizes 10000,100000,300000] [--runs 3] [--smoke] [--tiered] [--emit DIR]
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        try
        {
            return args.Length > 0 && args[0] == "--child" ? Child(args)
                : args.Length > 0 && args[0] == "--profile" ? Profile(args)
                : args.Length > 0 && args[0] == "--dogfood" ? Dogfood(args)
                : args.Length > 0 && args[0] == "--real" ? Real(args)
                : args.Length > 0 && args[0] == "--edit" ? Edit(args)
                : args.Length > 0 && args[0] == "--memory" ? Memory(args)
                : args.Length > 0 && args[0] == "--record" ? Record(args)
                : args.Length > 0 && args[0] == "--consume" ? Consume(args)
                : Parent(args);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine(e);
            return 1;
        }
    }

    /// <summary>Children run with tiered compilation as configured (<c>--tiered</c>) instead of steady state.</summary>
    private static bool Tiered { get; set; }

    private static int Parent(string[] args)
    {
        bool smoke = args.Contains("--smoke");
        Tiered = args.Contains("--tiered");
        int[] sizes = Option(args, "--sizes") is { } list
            ? list.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : smoke ? new[] { 10_000 } : new[] { 10_000, 100_000, 300_000 };
        int runs = Option(args, "--runs") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : smoke ? 1 : 3;
        if (Option(args, "--emit") is { } emit)
        {
            foreach ((string path, string text) in Generator.Generate(sizes[0], fenceFree: false))
            {
                string file = Path.Combine(emit, path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, text);
            }

            Console.WriteLine($"wrote the {sizes[0]}-line codebase to {emit}");
            return 0;
        }

        Console.WriteLine($"# FenceGuard analyzer benchmark: {Environment.ProcessorCount} cores, {RuntimeInformationText()}, Roslyn {typeof(CSharpCompilation).Assembly.GetName().Version}, {runs} run(s) per cell, medians, {(Tiered ? "tiered compilation" : "steady state (no tiered compilation)")}");
        var results = new List<Result>();
        foreach (int size in sizes)
        {
            foreach (string variant in Variants)
            {
                Result? result = RunChild(size, variant, runs);
                if (result is null)
                {
                    return 1;
                }

                results.Add(result);
            }
        }

        Console.WriteLine();
        Console.WriteLine("Concurrent (2 threads), execution times as the build's ReportAnalyzer sums them:");
        Console.WriteLine("| code | lines | compiler (ms) | FenceGuard (ms) | FG / compiler | VS threading (ms) | FG / VS threading | NetAnalyzers (ms) | IOperation walk floor (ms) | FG diagnostics | peak working set (MB) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (Result x in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {x.Variant} | {x.Lines:N0} | {x.CompilerMs:F0} | {x.FenceGuardMs:F0} | {100 * x.FenceGuardMs / x.CompilerMs:F2}% | {x.VsThreadingMs:F0} | {x.FenceGuardMs / Math.Max(x.VsThreadingMs, 0.001):F2}x | {x.NetAnalyzersMs:F0} | {x.WalkFloorMs:F0} | {x.FenceGuardDiagnostics} | {x.PeakMegabytes:F0} |"));
        }

        Console.WriteLine();
        Console.WriteLine("One thread, wall clock each set of analyzers adds (the analysis with it and the walk floor's analyzer, less with the walk floor's analyzer alone):");
        Console.WriteLine("| code | lines | compiler, one thread (ms) | FenceGuard adds (ms) | FG / compiler | VS threading adds (ms) | FG / VS threading |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (Result x in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {x.Variant} | {x.Lines:N0} | {x.SerialCompilerMs:F0} | {x.FenceGuardAddedMs:F0} | {100 * x.FenceGuardAddedMs / x.SerialCompilerMs:F2}% | {x.VsThreadingAddedMs:F0} | {x.FenceGuardAddedMs / Math.Max(x.VsThreadingAddedMs, 0.001):F2}x |"));
        }

        foreach (string variant in Variants)
        {
            var cells = results.Where(x => x.Variant == variant).OrderBy(x => x.Lines).ToList();
            if (cells.Count >= 2 && cells[0].FenceGuardMs > 0)
            {
                Result small = cells[0], large = cells[^1];
                double exponent = Math.Log(large.FenceGuardMs / small.FenceGuardMs) / Math.Log((double)large.Lines / small.Lines);
                double vsLinear = large.FenceGuardMs / small.FenceGuardMs / ((double)large.Lines / small.Lines);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{variant}: FenceGuard time grows as size^{exponent:F2}; {large.Lines:N0} vs {small.Lines:N0} lines is {vsLinear:F2}x linear"));
                if (small.FenceGuardAddedMs > 0 && large.FenceGuardAddedMs > 0)
                {
                    double added = large.FenceGuardAddedMs / small.FenceGuardAddedMs / ((double)large.Lines / small.Lines);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{variant}: on one thread, what FenceGuard adds is {added:F2}x linear"));
                }
            }
        }

        return 0;
    }

    /// <summary>
    /// fence-heavy: the generated engines over FenceGuard. referenced-unused: the same code shape over look-alike types,
    /// with FenceGuard referenced and never named (a solution that installed the package where most code never touches
    /// a fence). fence-free: the look-alike code without FenceGuard referenced at all.
    /// </summary>
    private static readonly string[] Variants = { "fence-heavy", "referenced-unused", "fence-free" };

    private static Result? RunChild(int size, string variant, int runs)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };

        // Steady state, as in the IDE and the compiler server, which keep the analyzers loaded: each method compiled once,
        // optimized. With tiering on (--tiered), a process that runs a few compilations measures code still running
        // unoptimized, and the same cell spreads by up to 4x between runs.
        if (!Tiered)
        {
            start.Environment["DOTNET_TieredCompilation"] = "0";
        }

        if (!Environment.ProcessPath!.EndsWith("Analyzers.Benchmarks", StringComparison.Ordinal) &&
            !Environment.ProcessPath.EndsWith("Analyzers.Benchmarks.exe", StringComparison.Ordinal))
        {
            start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location); // running under 'dotnet'
        }

        foreach (string arg in new[] { "--child", size.ToString(CultureInfo.InvariantCulture), variant, runs.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using Process child = Process.Start(start)!;
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        string? json = output.Split('\n').LastOrDefault(l => l.StartsWith('{'));
        if (child.ExitCode != 0 || json is null)
        {
            Console.Error.WriteLine($"the {size}-line {variant} run failed (exit {child.ExitCode}):\n{output}");
            return null;
        }

        Result result = JsonSerializer.Deserialize<Result>(json)!;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{variant,-17} {result.Lines,8:N0} lines: compiler {result.CompilerMs,7:F0} ms, FenceGuard {result.FenceGuardMs,6:F0} ms, VS threading {result.VsThreadingMs,6:F0} ms, NetAnalyzers {result.NetAnalyzersMs,6:F0} ms, walk floor {result.WalkFloorMs,5:F0} ms"));
        return result;
    }

    private static int Child(string[] args)
    {
        int size = int.Parse(args[1], CultureInfo.InvariantCulture);
        string variant = args[2];
        bool fenceFree = variant != "fence-heavy";
        int runs = int.Parse(args[3], CultureInfo.InvariantCulture);

        List<(string Path, string Text)> files = Generator.Generate(size, fenceFree);
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        SyntaxTree[] trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, parse, f.Path)).ToArray();
        var references = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().ToList();
        if (variant != "fence-free")
        {
            references.Add(MetadataReference.CreateFromFile(typeof(FenceGuard.Fence).Assembly.Location));
        }

        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: true);
        CSharpCompilation Fresh() => CSharpCompilation.Create("Generated", trees, references, options);

        Diagnostic[] errors = Fresh().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (errors.Length > 0)
        {
            Console.WriteLine($"the generated code does not compile: {errors.Length} errors, first: {errors[0]}");
            return 1;
        }

        ImmutableArray<DiagnosticAnalyzer> fenceGuard = FenceGuardAnalyzers();
        ImmutableArray<DiagnosticAnalyzer> vsThreading = Peer("VsThreadingAnalyzers", "analyzers/cs");
        ImmutableArray<DiagnosticAnalyzer> netAnalyzers = Peer("NetAnalyzers", "analyzers/dotnet/cs");
        ImmutableArray<DiagnosticAnalyzer> walkFloor = ImmutableArray.Create<DiagnosticAnalyzer>(new WalkFloorAnalyzer());

        // One unmeasured warm-up of everything (JIT), unless this is a single smoke run.
        if (runs > 1)
        {
            _ = Fresh().GetDiagnostics();
            _ = Analyze(Fresh(), fenceGuard);
        }

        var compiler = new List<double>();
        var fg = new List<double>();
        var vs = new List<double>();
        var net = new List<double>();
        var floor = new List<double>();
        int diagnostics = 0;
        for (int run = 0; run < runs; run++)
        {
            compiler.Add(CompilerMilliseconds(Fresh()));
            (double fgMs, int found, _) = Analyze(Fresh(), fenceGuard);
            fg.Add(fgMs);
            diagnostics = found;
            floor.Add(Analyze(Fresh(), walkFloor).Milliseconds);
            vs.Add(Analyze(Fresh(), vsThreading).Milliseconds);
            net.Add(Analyze(Fresh(), netAnalyzers).Milliseconds);
        }

        // On one thread, what each set of analyzers adds to the wall clock (collections it causes included), against the
        // compiler on one thread: execution times summed from concurrent callbacks on 2 cores include time a callback's
        // thread waits behind the compiler's, and overstate an analyzer's cost several times.
        var serialOptions = options.WithConcurrentBuild(false);
        CSharpCompilation Serial() => CSharpCompilation.Create("Generated", trees, references, serialOptions);
        _ = CompilerMilliseconds(Serial()); // the single-threaded paths, warmed up once
        _ = Analyze(Serial(), walkFloor, concurrent: false);
        var serialCompiler = new List<double>();
        var fgAdded = new List<double>();
        var vsAdded = new List<double>();
        for (int run = 0; run < runs; run++)
        {
            Settle();
            serialCompiler.Add(CompilerMilliseconds(Serial()));
            Settle();
            double floorWall = Analyze(Serial(), walkFloor, concurrent: false).WallMilliseconds;
            Settle();
            // Each set runs with the floor's analyzer beside it, so that the driver binds every body in both runs (with no
            // action registered, as FenceGuard where the runtime is unused, it would bind nothing at all).
            fgAdded.Add(Analyze(Serial(), fenceGuard.Add(walkFloor[0]), concurrent: false).WallMilliseconds - floorWall);
            Settle();
            vsAdded.Add(Analyze(Serial(), vsThreading.Add(walkFloor[0]), concurrent: false).WallMilliseconds - floorWall);
        }

        var result = new Result
        {
            Lines = Generator.CountLines(files),
            Files = files.Count,
            Variant = variant,
            CompilerMs = Median(compiler),
            FenceGuardMs = Median(fg),
            VsThreadingMs = Median(vs),
            NetAnalyzersMs = Median(net),
            WalkFloorMs = Median(floor),
            FenceGuardDiagnostics = diagnostics,
            PeakMegabytes = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0),
            SerialCompilerMs = Median(serialCompiler),
            FenceGuardAddedMs = Median(fgAdded),
            VsThreadingAddedMs = Median(vsAdded),
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>
    /// FenceGuard's memory apart from the peers and the driver (<c>--memory SIZE</c>), on generated fence-heavy code.
    /// <c>CompilationWithAnalyzers</c> binds the compilation again with its own driver, so FenceGuard's share is measured
    /// against the same run with the walk-floor analyzer in its place: the difference in bytes allocated during the run,
    /// and in bytes still reachable after it while the compilation is alive (FenceGuard's per-compilation state).
    /// The compiler's own figures are <c>GetDiagnostics</c>' allocations and the compilation's reachable size.
    /// <c>--pause</c> waits 40 s while FenceGuard's state is alive, for a heap snapshot.
    /// </summary>
    private static int Memory(string[] args)
    {
        int size = int.Parse(args[1], CultureInfo.InvariantCulture);
        (_, int lines, Func<CSharpCompilation> Fresh) = FenceHeavy(size);
        _ = Analyze(Fresh(), FenceGuardAnalyzers()); // warm-up: JIT and metadata
        _ = Analyze(Fresh(), ImmutableArray.Create<DiagnosticAnalyzer>(new WalkFloorAnalyzer()));

        long baseline = Settled();
        CSharpCompilation compiled = Fresh();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        _ = compiled.GetDiagnostics();
        long compilerAllocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        long compilerRetained = Settled() - baseline;
        GC.KeepAlive(compiled);
        compiled = null!;

        (long Allocated, long Retained) Run(ImmutableArray<DiagnosticAnalyzer> analyzers)
        {
            long start = Settled();
            CSharpCompilation compilation = Fresh();
            var analysisOptions = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null,
                concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
            CompilationWithAnalyzers analysis = compilation.WithAnalyzers(analyzers, analysisOptions);
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
#pragma warning disable VSTHRD002 // a console benchmark: no synchronization context
            _ = analysis.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            long retained = Settled() - start;
            if (args.Contains("--pause") && analyzers.Length > 1)
            {
                // For a heap snapshot of what FenceGuard keeps (dotnet-gcdump collect -p PID) while the compilation lives.
                Console.WriteLine($"paused, pid {Environment.ProcessId}");
                Thread.Sleep(TimeSpan.FromSeconds(40));
            }

            GC.KeepAlive(analysis);
            GC.KeepAlive(compilation);
            return (allocated, retained);
        }

        (long fgAllocated, long fgRetained) = Run(FenceGuardAnalyzers());
        (long floorAllocated, long floorRetained) = Run(ImmutableArray.Create<DiagnosticAnalyzer>(new WalkFloorAnalyzer()));
        double mb = 1024.0 * 1024.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{lines:N0} fence-heavy lines: compiler allocates {compilerAllocated / mb:F0} MB and keeps {compilerRetained / mb:F0} MB; " +
            $"FenceGuard allocates {(fgAllocated - floorAllocated) / mb:F0} MB more than the walk floor ({100.0 * (fgAllocated - floorAllocated) / compilerAllocated:F1}% of the compiler's) " +
            $"and keeps {(fgRetained - floorRetained) / mb:F0} MB more while the compilation lives ({100.0 * (fgRetained - floorRetained) / compilerRetained:F1}% of the compiler's)"));
        return 0;
    }

    /// <summary>The managed heap's size after full, compacting collections.</summary>
    private static long Settled()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>
    /// The IDE's cost per edit (<c>--edit SIZE [--runs N]</c>): generated fence-heavy code of SIZE lines; each run edits
    /// one document whose section calls the deepest chain (20 engines, across files), makes the fresh compilation an
    /// edit makes, and asks <c>GetAnalyzerSemanticDiagnosticsAsync</c> for that document alone, as the IDE does. Prints
    /// FenceGuard's own execution time and the driver's wall clock for the document, medians after a warm-up.
    /// </summary>
    private static int Edit(string[] args)
    {
        int size = int.Parse(args[1], CultureInfo.InvariantCulture);
        int runs = Option(args, "--runs") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 7;
        (SyntaxTree[] trees, int lines, Func<CSharpCompilation> fresh) = FenceHeavy(size);
        CSharpCompilation compilation = fresh();

        // The middle engine that starts a 20-deep chain: its section's call reaches 19 other files.
        int engines = trees.Count(t => t.FilePath.Contains("/Engine", StringComparison.Ordinal));
        int edited = engines / 2 / 20 * 20;
        SyntaxTree document = trees.Single(t => t.FilePath.EndsWith($"Engine{edited:D5}.cs", StringComparison.Ordinal));
        ImmutableArray<DiagnosticAnalyzer> fenceGuard = FenceGuardAnalyzers();
        var own = new List<double>();
        var wall = new List<double>();
        int found = 0;
        for (int run = -1; run < runs; run++)
        {
            // An edit: a new comment in the document, so a new tree and a new compilation, as the IDE makes per keystroke.
            SourceText text = document.GetText();
            SyntaxTree changed = document.WithChangedText(text.WithChanges(new TextChange(new TextSpan(text.Length, 0), $"\n// edit {run}\n")));
            CSharpCompilation next = compilation.ReplaceSyntaxTree(document, changed);
            var analysisOptions = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null,
                concurrentAnalysis: true, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false);
            CompilationWithAnalyzers analysis = next.WithAnalyzers(fenceGuard, analysisOptions);
            var clock = Stopwatch.StartNew();
#pragma warning disable VSTHRD002 // a console benchmark: no synchronization context
            ImmutableArray<Diagnostic> diagnostics = analysis.GetAnalyzerSemanticDiagnosticsAsync(next.GetSemanticModel(changed), null, CancellationToken.None).GetAwaiter().GetResult();
            double fg = fenceGuard.Sum(a => analysis.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds);
#pragma warning restore VSTHRD002
            clock.Stop();
            if (run >= 0)
            {
                own.Add(fg);
                wall.Add(clock.Elapsed.TotalMilliseconds);
                found = diagnostics.Count(d => d.Id.StartsWith("FG", StringComparison.Ordinal));
            }

            if (diagnostics.FirstOrDefault(d => d.Id == "AD0001") is { } failure)
            {
                Console.WriteLine($"analyzer failure: {failure}");
                return 1;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"edit of {Path.GetFileName(document.FilePath)} in {lines:N0} fence-heavy lines: FenceGuard's own time {Median(own):F1} ms (runs: {string.Join(", ", own.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)))}), " +
            $"the driver's document pass {Median(wall):F0} ms, {found} FenceGuard diagnostics in the document"));
        return 0;
    }

    /// <summary>
    /// FenceGuard over real source: every .cs file under a folder (e.g. Runtime/), compiled as one library; prints
    /// compiler errors and FenceGuard's diagnostics, and fails on AD0001. <c>--dogfood Runtime</c>.
    /// </summary>
    private static int Dogfood(string[] args)
    {
        string[] files = Directory.GetFiles(args[1], "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)).ToArray();
        SyntaxTree[] trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Latest), f)).ToArray();
        bool definesRuntime = trees.Any(t => t.FilePath.EndsWith("Fence.cs", StringComparison.Ordinal) && t.ToString().Contains("namespace FenceGuard", StringComparison.Ordinal));
        var references = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().ToList();
        if (!definesRuntime)
        {
            references.Add(MetadataReference.CreateFromFile(typeof(FenceGuard.Fence).Assembly.Location));
        }

        var compilation = CSharpCompilation.Create("Dogfood", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        foreach (Diagnostic error in compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5))
        {
            Console.WriteLine("compiler: " + error);
        }

        ImmutableArray<DiagnosticAnalyzer> analyzers = FenceGuardAnalyzers();
#pragma warning disable VSTHRD002 // a console program without a synchronization context
        ImmutableArray<Diagnostic> found = compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
        foreach (Diagnostic diagnostic in found.OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start))
        {
            Console.WriteLine(diagnostic);
        }

        Console.WriteLine($"{files.Length} files, {found.Length} diagnostics");
        return found.Any(d => d.Id == "AD0001") ? 1 : 0;
    }

    /// <summary>
    /// FenceGuard over a real codebase, against the compiler: every .cs file under a folder compiled as one library with
    /// FenceGuard referenced (<c>--real DIR [--define A;B] [--with DIR2] [--runs N]</c>). <c>--with</c> adds the files of
    /// a second folder (e.g. samples/FencePipeline) so that some of the code uses fences. Prints the compiler's time,
    /// FenceGuard's own time, the IOperation walk floor and the ratios, medians of the runs after a warm-up.
    /// </summary>
    private static int Real(string[] args)
    {
        string[] defines = Option(args, "--define")?.Split(';', StringSplitOptions.RemoveEmptyEntries) ?? Array.Empty<string>();
        int runs = Option(args, "--runs") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 5;
        var parse = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: defines);
        var folders = new List<string> { args[1] };
        if (Option(args, "--with") is { } with)
        {
            folders.Add(with);
        }

        string[] files = folders.SelectMany(folder => Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)).ToArray();
        SyntaxTree[] trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f)).ToArray();
        int lines = trees.Sum(t => t.GetText().Lines.Count);
        List<MetadataReference> references = RuntimeReferences();
        // --serial: one thread for the compiler and the analyzers, so an analyzer's execution time is its CPU time, not
        // time its thread spent descheduled behind the compiler's and the other analyzers' threads (2 cores here).
        bool serial = args.Contains("--serial");
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true, concurrentBuild: !serial);
        CSharpCompilation Fresh() => CSharpCompilation.Create("Real", trees, references, options);
        int errors = Fresh().GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
        ImmutableArray<DiagnosticAnalyzer> fenceGuard = FenceGuardAnalyzers();
        ImmutableArray<DiagnosticAnalyzer> walkFloor = ImmutableArray.Create<DiagnosticAnalyzer>(new WalkFloorAnalyzer());
        _ = Fresh().GetDiagnostics();
        _ = Analyze(Fresh(), fenceGuard, !serial);
        var compiler = new List<double>();
        var fg = new List<double>();
        var floor = new List<double>();
        var extraMegabytes = new List<double>();
        var floorWalls = new List<double>();
        var bothWalls = new List<double>();
        int diagnostics = 0;
        for (int run = 0; run < runs; run++)
        {
            // Each measurement starts from a collected heap: otherwise a run's time depends on how far the GC got with the
            // garbage of the runs before it (serial runs spread by up to 4x that way).
            Settle();
            compiler.Add(CompilerMilliseconds(Fresh()));
            Settle();
            (double fgMs, int found, _) = Analyze(Fresh(), fenceGuard, !serial);
            fg.Add(fgMs);
            diagnostics = found;
            string breakdown = LastBreakdown;
            Settle();
            long before = GC.GetTotalAllocatedBytes(precise: true);
            (double floorMs, _, double floorWall) = Analyze(Fresh(), walkFloor, !serial);
            long floorAllocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            floor.Add(floorMs);
            floorWalls.Add(floorWall);
            // The whole analysis with FenceGuard and the walk floor's analyzer, against the walk floor's analyzer alone (so
            // that every body is bound in both, even where FenceGuard registers nothing): on one thread (--serial), what
            // FenceGuard adds to the build's wall clock, collections it causes included, and what it allocates.
            Settle();
            before = GC.GetTotalAllocatedBytes(precise: true);
            bothWalls.Add(Analyze(Fresh(), fenceGuard.Add(walkFloor[0]), !serial).WallMilliseconds);
            extraMegabytes.Add((GC.GetTotalAllocatedBytes(precise: true) - before - floorAllocated) / 1e6);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  run {run}: {breakdown}; FenceGuard allocated {extraMegabytes[^1]:F1} MB"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{string.Join(" + ", folders)}{(serial ? " (serial)" : "")}: {files.Length} files, {lines:N0} lines, {errors} compiler errors; compiler {Median(compiler):F0} ms (runs: {string.Join(", ", compiler.Select(c => c.ToString("F0", CultureInfo.InvariantCulture)))}), " +
            $"FenceGuard {Median(fg):F1} ms (runs: {string.Join(", ", fg.Select(c => c.ToString("F1", CultureInfo.InvariantCulture)))}) = {100 * Median(fg) / Median(compiler):F2}% of the compiler, walk floor {Median(floor):F0} ms, FenceGuard allocated {Median(extraMegabytes):F1} MB beyond binding, " +
            $"wall clock with FenceGuard and the walk floor {Median(bothWalls):F0} ms (runs: {string.Join(", ", bothWalls.Select(c => c.ToString("F0", CultureInfo.InvariantCulture)))}), " +
            $"with the walk floor alone {Median(floorWalls):F0} ms (runs: {string.Join(", ", floorWalls.Select(c => c.ToString("F0", CultureInfo.InvariantCulture)))}): FenceGuard adds {Median(bothWalls) - Median(floorWalls):F0} ms = {100 * (Median(bothWalls) - Median(floorWalls)) / Median(compiler):F2}% of the compiler, {diagnostics} FenceGuard diagnostics"));
        return 0;
    }

    /// <summary>
    /// What recording a library's summaries for other assemblies (FG9001, the build's marker file) adds to FenceGuard's
    /// cost on that library, on one thread: FenceGuard without the marker and with it, alternately, against the compiler.
    /// <c>--record DIR [--define "A;B"]</c> for real code, <c>--record --size N</c> for generated fence-heavy code.
    /// </summary>
    private static int Record(string[] args)
    {
        int runs = Option(args, "--runs") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 5;
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true, concurrentBuild: false);
        SyntaxTree[] trees;
        string what;
        if (Option(args, "--size") is { } size)
        {
            List<(string Path, string Text)> generated = Generator.Generate(int.Parse(size, CultureInfo.InvariantCulture), fenceFree: false);
            trees = generated.Select(f => CSharpSyntaxTree.ParseText(f.Text, new CSharpParseOptions(LanguageVersion.Latest), f.Path)).ToArray();
            what = $"fence-heavy {size}";
        }
        else
        {
            string[] defines = Option(args, "--define")?.Split(';', StringSplitOptions.RemoveEmptyEntries) ?? Array.Empty<string>();
            var parse = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: defines);
            trees = Directory.GetFiles(args[1], "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
                .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f)).ToArray();
            what = args[1];
        }

        List<MetadataReference> references = RuntimeReferences();
        CSharpCompilation Fresh() => CSharpCompilation.Create("Library", trees, references, options);
        int lines = trees.Sum(t => t.GetText().Lines.Count);
        ImmutableArray<DiagnosticAnalyzer> fenceGuard = FenceGuardAnalyzers();
        ImmutableArray<AdditionalText> marker = ImmutableArray.Create<AdditionalText>(MarkerFile());
        _ = Fresh().GetDiagnostics();
        _ = Analyze(Fresh(), fenceGuard, concurrent: false);
        _ = Analyze(Fresh(), fenceGuard, concurrent: false, marker);
        var compiler = new List<double>();
        var plain = new List<double>();
        var recording = new List<double>();
        var allocated = new List<double>();
        var wallAdded = new List<double>();
        int bytes = 0;
        for (int run = 0; run < runs; run++)
        {
            Settle();
            compiler.Add(CompilerMilliseconds(Fresh()));
            Settle();
            long before = GC.GetTotalAllocatedBytes(precise: true);
            TimeSpan paused = GC.GetTotalPauseDuration();
            (double plainMs, _, double plainWallMs) = Analyze(Fresh(), fenceGuard, concurrent: false);
            plain.Add(plainMs);
            long plainBytes = GC.GetTotalAllocatedBytes(precise: true) - before;
            double plainPause = (GC.GetTotalPauseDuration() - paused).TotalMilliseconds;
            Settle();
            before = GC.GetTotalAllocatedBytes(precise: true);
            paused = GC.GetTotalPauseDuration();
            (double recordingMs, _, double recordingWallMs) = Analyze(Fresh(), fenceGuard, concurrent: false, marker);
            recording.Add(recordingMs);
            wallAdded.Add(recordingWallMs - plainWallMs); // the whole analysis, the driver's binding included
            double recordingPause = (GC.GetTotalPauseDuration() - paused).TotalMilliseconds;
            // The driver's own binding allocates the same in both runs: the difference is what recording allocates (a
            // steadier figure than the times, which the GC's pauses scatter).
            allocated.Add((GC.GetTotalAllocatedBytes(precise: true) - before - plainBytes) / 1e6);
            bytes = LastSummaryBytes;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  run {run}: compiler {compiler[^1]:F0} ms, FenceGuard {plain[^1]:F1} ms, recording {recording[^1]:F1} ms, wall clock {wallAdded[^1]:F1} ms more, recording allocated {allocated[^1]:F1} MB more; GC pauses {plainPause:F0} and {recordingPause:F0} ms, compiler's binding included ({LastBreakdown})"));
        }

        if (Option(args, "--out") is { } output && LastSummary is { } summary)
        {
            File.WriteAllText(output, summary); // the file a build would write beside the assembly
        }

        double added = Median(recording.Zip(plain, (a, b) => a - b).ToList());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what} (serial): {trees.Length} files, {lines:N0} lines; compiler {Median(compiler):F0} ms, FenceGuard {Median(plain):F1} ms, FenceGuard recording {Median(recording):F1} ms: " +
            $"recording adds {added:F1} ms = {100 * added / Median(compiler):F2}% of the compiler (median of the per-run differences; {Median(wallAdded):F1} ms of the whole analysis's wall clock) and allocates {Median(allocated):F1} MB more; summaries {bytes:N0} bytes"));
        return 0;
    }

    /// <summary>
    /// What a consumer pays for a big recorded library (<c>--consume --size N</c>): the sample's code, on one thread,
    /// referencing generated fence-heavy code of N lines compiled to an image, without its summary file, with it, and
    /// with it while one section calls into the library (so that its record is read).
    /// </summary>
    private static int Consume(string[] args)
    {
        int runs = Option(args, "--runs") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 5;
        int size = int.Parse(Option(args, "--size") ?? "100000", CultureInfo.InvariantCulture);
        string sample = Option(args, "--with") ?? "samples/FencePipeline";
        List<(string Path, string Text)> generated = Generator.Generate(size, fenceFree: false);
        List<MetadataReference> references = RuntimeReferences();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false);
        CSharpCompilation library = CSharpCompilation.Create("FenceHeavy",
            generated.Select(f => CSharpSyntaxTree.ParseText(f.Text, new CSharpParseOptions(LanguageVersion.Latest), f.Path)), references, options);
        using var image = new MemoryStream();
        if (!library.Emit(image).Success)
        {
            Console.WriteLine("the generated library does not compile");
            return 1;
        }

        _ = Analyze(library, FenceGuardAnalyzers(), concurrent: false, ImmutableArray.Create<AdditionalText>(MarkerFile()));
        string summaries = LastSummary ?? throw new InvalidOperationException("the library recorded nothing");
        MetadataReference libraryImage = MetadataReference.CreateFromImage(image.ToArray());
        SyntaxTree[] trees = Directory.GetFiles(sample, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Latest), f)).ToArray();
        SyntaxTree caller = CSharpSyntaxTree.ParseText(
            "using FenceGuard; static class CallsTheLibrary { static void Retire(Gen.M000.Engine00000 engine) { using (Fence.BeginSignalling()) { engine.Report(); } } }",
            new CSharpParseOptions(LanguageVersion.Latest), "CallsTheLibrary.cs");
        CSharpCompilation Consumer(bool calls) => CSharpCompilation.Create("Consumer", calls ? trees.Append(caller) : trees, references.Append(libraryImage), options);
        ImmutableArray<AdditionalText> sideCar = ImmutableArray.Create<AdditionalText>(new TextFile("/lib/FenceHeavy.fenceguard", summaries));
        ImmutableArray<DiagnosticAnalyzer> fenceGuard = FenceGuardAnalyzers();
        var without = new List<double>();
        var with = new List<double>();
        var calling = new List<double>();
        int found = 0;
        for (int run = -1; run < runs; run++)
        {
            Settle();
            double a = Analyze(Consumer(false), fenceGuard, concurrent: false).Milliseconds;
            Settle();
            double b = Analyze(Consumer(false), fenceGuard, concurrent: false, sideCar).Milliseconds;
            Settle();
            (double c, int diagnostics, _) = Analyze(Consumer(true), fenceGuard, concurrent: false, sideCar);
            if (run >= 0)
            {
                without.Add(a);
                with.Add(b);
                calling.Add(c);
                found = diagnostics;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{sample} referencing {Generator.CountLines(generated):N0} recorded lines ({summaries.Length:N0} bytes of summaries), serial: FenceGuard {Median(without):F1} ms without the summary file, " +
            $"{Median(with):F1} ms with it, {Median(calling):F1} ms with it and one section calling into the library ({found} diagnostics)"));
        return 0;
    }

    /// <summary>An additional file in memory.</summary>
    private sealed class TextFile : AdditionalText
    {
        private readonly string _text;

        public TextFile(string path, string text)
        {
            Path = path;
            _text = text;
        }

        public override string Path { get; }

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) => Microsoft.CodeAnalysis.Text.SourceText.From(_text);
    }

    /// <summary>The build's marker additional file: the compilation records its summaries (FG9001).</summary>
    private static AdditionalText MarkerFile() => new TextFile("/obj/FenceGuard.RecordSummaries", "");

    /// <summary>The size of the summaries the last <see cref="Analyze"/> call recorded (FG9001's property), or 0.</summary>
    private static int LastSummaryBytes { get; set; }

    /// <summary>The summaries the last <see cref="Analyze"/> call recorded, or null.</summary>
    private static string? LastSummary { get; set; }

    /// <summary>A full, compacting collection, so that the next measurement starts from the same heap.</summary>
    private static void Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    /// <summary>
    /// FenceGuard alone, several times, with each analyzer's time: for profilers
    /// (<c>dotnet-trace collect -- dotnet Analyzers.Benchmarks.dll --profile 10000 5</c>).
    /// </summary>
    private static int Profile(string[] args)
    {
        int size = int.Parse(args[1], CultureInfo.InvariantCulture);
        int runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        List<(string Path, string Text)> files = Generator.Generate(size, fenceFree: false);
        SyntaxTree[] trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, new CSharpParseOptions(LanguageVersion.Latest), f.Path)).ToArray();
        List<MetadataReference> references = RuntimeReferences();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        for (int run = 0; run < runs; run++)
        {
            ImmutableArray<DiagnosticAnalyzer> analyzers = FenceGuardAnalyzers();
            var analysis = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false);
            var clock = Stopwatch.StartNew();
#pragma warning disable VSTHRD002 // a console program without a synchronization context
            AnalysisResult result = CSharpCompilation.Create("Generated", trees, references, options).WithAnalyzers(analyzers, analysis)
                .GetAnalysisResultAsync(CancellationToken.None).GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
            Console.WriteLine($"run {run}: wall {clock.ElapsedMilliseconds} ms; total {result.AnalyzerTelemetryInfo.Values.Sum(t => t.ExecutionTime.TotalMilliseconds):F0} ms; " + string.Join(", ",
                result.AnalyzerTelemetryInfo.OrderBy(p => p.Key.GetType().Name, StringComparer.Ordinal).Select(p => $"{p.Key.GetType().Name} {p.Value.ExecutionTime.TotalMilliseconds:F0} ms")));
        }

        return 0;
    }

    /// <summary>A fresh instance of every FenceGuard analyzer.</summary>
    /// <summary>The .NET 10 reference assemblies and the FenceGuard runtime: what a project that installed the package compiles against.</summary>
    private static List<MetadataReference> RuntimeReferences() =>
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(FenceGuard.Fence).Assembly.Location)).ToList();

    /// <summary>Generated fence-heavy code of about <paramref name="size"/> lines: its trees, its line count, and fresh compilations of it.</summary>
    private static (SyntaxTree[] Trees, int Lines, Func<CSharpCompilation> Fresh) FenceHeavy(int size)
    {
        List<(string Path, string Text)> files = Generator.Generate(size, fenceFree: false);
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        SyntaxTree[] trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, parse, f.Path)).ToArray();
        List<MetadataReference> references = RuntimeReferences();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: true);
        return (trees, Generator.CountLines(files), () => CSharpCompilation.Create("FenceHeavy", trees, references, options));
    }

    private static ImmutableArray<DiagnosticAnalyzer> FenceGuardAnalyzers() => FenceGuardAnalyzers(typeof(FenceGuardAnalyzer).Assembly);

    private static ImmutableArray<DiagnosticAnalyzer> FenceGuardAnalyzers(Assembly assembly) => assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>The compiler's own time: <c>GetDiagnostics</c>, which binds every method body (wall clock).</summary>
    private static double CompilerMilliseconds(Compilation compilation)
    {
        var clock = Stopwatch.StartNew();
        _ = compilation.GetDiagnostics();
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>Each analyzer's own time in the last <see cref="Analyze"/> call.</summary>
    private static string LastBreakdown { get; set; } = "";

    /// <summary>The analyzers' own execution time (summed over their callbacks, as the build's ReportAnalyzer shows it) and their diagnostics.</summary>
    private static (double Milliseconds, int Diagnostics, double WallMilliseconds) Analyze(
        Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, bool concurrent = true, ImmutableArray<AdditionalText> additionalFiles = default)
    {
        var wall = Stopwatch.StartNew();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(additionalFiles.IsDefault ? ImmutableArray<AdditionalText>.Empty : additionalFiles), onAnalyzerException: null,
            concurrentAnalysis: concurrent, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false);
        // A console benchmark with no synchronization context: blocking here cannot deadlock.
#pragma warning disable VSTHRD002
        AnalysisResult result = compilation.WithAnalyzers(analyzers, options).GetAnalysisResultAsync(CancellationToken.None).GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
        double milliseconds = result.AnalyzerTelemetryInfo.Values.Sum(t => t.ExecutionTime.TotalMilliseconds);
        LastBreakdown = string.Join(", ", result.AnalyzerTelemetryInfo.OrderBy(p => p.Key.GetType().Name, StringComparer.Ordinal)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key.GetType().Name} {p.Value.ExecutionTime.TotalMilliseconds:F1} ms")));
        LastSummary = result.GetAllDiagnostics().FirstOrDefault(d => d.Id == "FG9001")?.Properties["fenceguard.summaries"];
        LastSummaryBytes = LastSummary?.Length ?? 0;
        foreach (Diagnostic failure in result.GetAllDiagnostics().Where(d => d.Id == "AD0001").Take(3))
        {
            Console.WriteLine($"analyzer failure: {failure}");
        }

        return (milliseconds, result.GetAllDiagnostics().Count(d => d.Id.StartsWith("FG", StringComparison.Ordinal)), wall.Elapsed.TotalMilliseconds);
    }

    /// <summary>A peer's analyzers, loaded from its package folder (its path is baked in at build time).</summary>
    private static ImmutableArray<DiagnosticAnalyzer> Peer(string name, string subfolder)
    {
        string root = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == name).Value!;
        string folder = Path.Combine(root, subfolder);
        var loader = new FolderLoader(folder);
        return Directory.GetFiles(folder, "*.dll")
            .Where(f => !f.Contains("CodeFixes", StringComparison.Ordinal))
            .SelectMany(f => new AnalyzerFileReference(f, loader).GetAnalyzers(LanguageNames.CSharp))
            .ToImmutableArray();
    }

    /// <summary>The median, leaving <paramref name="values"/> in run order (callers print them after).</summary>
    private static double Median(List<double> values)
    {
        var sorted = new List<double>(values);
        sorted.Sort();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string? Option(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    private sealed class FolderLoader : IAnalyzerAssemblyLoader
    {
        private readonly string _folder;

        public FolderLoader(string folder)
        {
            _folder = folder;
            AssemblyLoadContext.Default.Resolving += (context, name) =>
            {
                string candidate = Path.Combine(_folder, name.Name + ".dll");
                return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
            };
        }

        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
    }

    private sealed class Result
    {
        public int Lines { get; set; }

        public int Files { get; set; }

        public string Variant { get; set; } = "";

        public double CompilerMs { get; set; }

        public double FenceGuardMs { get; set; }

        public double VsThreadingMs { get; set; }

        public double NetAnalyzersMs { get; set; }

        public double WalkFloorMs { get; set; }

        public int FenceGuardDiagnostics { get; set; }

        public double PeakMegabytes { get; set; }

        /// <summary>The compiler's time on one thread (<c>concurrentBuild: false</c>).</summary>
        public double SerialCompilerMs { get; set; }

        /// <summary>On one thread: the whole analysis with FenceGuard's analyzers, less the same with the walk floor's only.</summary>
        public double FenceGuardAddedMs { get; set; }

        /// <summary>The same for the VS threading analyzers.</summary>
        public double VsThreadingAddedMs { get; set; }
    }
}
