using Verify = FenceGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.SignallingSectionAnalyzer>;

namespace FenceGuard.Analyzers.Tests;

public class FG0007AwaitInSectionTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading.Tasks; using FenceGuard;\n";

    [Fact]
    public async Task AwaitAndYield_InsideSections_AreReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                async Task M(Task t, IAsyncEnumerable<int> items, IAsyncDisposable resource)
                {
                    using (Fence.BeginSignalling())
                    {
                        {|FG0007:await t|};
                        {|FG0007:await Task.Yield()|};
                        foreach (var _ in {|FG0001:new int[0]|}) { } // a synchronous foreach is no FG0007
                    }
                }

                async Task Streams(IAsyncEnumerable<int> items, IAsyncDisposable resource)
                {
                    using var s = Fence.BeginSignalling();
                    await {|FG0007:foreach|} (int i in items) { }
                    await {|FG0007:using|} (resource) { }
                }

                IEnumerable<int> Iterator()
                {
                    using (Fence.BeginSignalling())
                    {
                        {|FG0007:yield|} return 1;
                    }

                    yield return 2;
                }
            }
            """);
    }

    [Fact]
    public async Task AwaitInAnAsyncSignallingPathMethod_IsReported_AwaitOutsideIsNot()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                [SignallingPath]
                async Task Retire(Task t) => {|FG0007:await t|};

                async Task Prepare(Task t)
                {
                    await t;
                    using (Fence.BeginSignalling())
                    {
                    }

                    await t;
                }
            }
            """);
    }

    [Fact]
    public async Task AsyncLambdaInsideASection_RunsElsewhere_AndIsNotReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                void M(Task t)
                {
                    using (Fence.BeginSignalling())
                    {
                        Func<Task> later = {|FG0001:async () => await t|};
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Message_NamesTheAwaitAndTheSection()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                async Task M(Task t)
                {
                    using ({|#1:Fence.BeginSignalling()|})
                    {
                        {|#0:await t|};
                    }
                }
            }
            """,
            Verify.Diagnostic("FG0007").WithLocation(0).WithLocation(1)
                .WithArguments("'await'", "the signalling section opened at line 6"));
    }
}
