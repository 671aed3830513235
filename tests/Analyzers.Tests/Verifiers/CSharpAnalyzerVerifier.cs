using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace FenceGuard.Analyzers.Tests.Verifiers;

/// <summary>Thin wrapper over Microsoft.CodeAnalysis.Testing: net10.0 references plus the FenceGuard runtime.</summary>
public static class CSharpAnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task VerifyAnalyzerAsync(string source) => VerifyAnalyzerAsync(source, Array.Empty<DiagnosticResult>());

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>Several files (markup allowed in each), e.g. for rules that span files and partial classes.</summary>
    public static Task VerifyAnalyzerAsync((string Name, string Source)[] files, params DiagnosticResult[] expected)
    {
        var test = new Test();
        foreach ((string name, string source) in files)
        {
            test.TestState.Sources.Add((name, source));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>
    /// The expected diagnostic of the analyzer's first descriptor with this ID. A rule may have two descriptors with one ID
    /// that differ only in the CompilationEnd tag (FG0010: per body, and through calls at compilation end); their
    /// severity and message format are the same, so either describes what is expected.
    /// </summary>
    public static DiagnosticResult Diagnostic(string id) =>
        new DiagnosticResult(new TAnalyzer().SupportedDiagnostics.First(d => d.Id == id));

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test()
        {
            TestReferences.Configure(TestState);
            MarkupOptions = MarkupOptions.UseFirstDescriptor; // see Diagnostic(string)
        }
    }
}

internal static class TestReferences
{
    /// <summary>net10.0 reference assemblies (no download at test time) and FenceGuard.dll.</summary>
    public static void Configure(SolutionState state)
    {
        state.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        state.AdditionalReferences.AddRange(TestCompilations.References);
    }
}
