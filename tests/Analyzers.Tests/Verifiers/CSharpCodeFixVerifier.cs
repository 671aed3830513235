using System.Threading;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace FenceGuard.Analyzers.Tests.Verifiers;

/// <summary>Thin wrapper over Microsoft.CodeAnalysis.Testing's code-fix test: the same references as the analyzer tests.</summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>
    /// One fix (<paramref name="key"/>) applied to <paramref name="source"/> gives <paramref name="fixedSource"/>, and Fix All in
    /// document, project and solution gives it too. Markup in <paramref name="source"/> gives the diagnostics.
    /// </summary>
    public static Task VerifyFixAsync(string source, string fixedSource, string key)
    {
        // One single-fix iteration per diagnostic in the markup; Fix All fixes them all in one.
        int iterations = source.Split("{|FG").Length - 1;
        var test = new Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = key,
            NumberOfFixAllIterations = 1,
            NumberOfFixAllInDocumentIterations = 1,
            NumberOfFixAllInProjectIterations = 1,
            NumberOfIncrementalIterations = iterations,
        };
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>No fix with <paramref name="key"/> is offered: the code stays as it is.</summary>
    public static Task VerifyNoFixAsync(string source, string key)
    {
        var test = new Test
        {
            TestCode = source,
            FixedCode = source,
            CodeActionEquivalenceKey = key,
        };
        return test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            TestReferences.Configure(TestState);
            TestReferences.Configure(FixedState);
            MarkupOptions = MarkupOptions.UseFirstDescriptor; // a rule may have two descriptors with one ID (CSharpAnalyzerVerifier.Diagnostic)
        }
    }
}
