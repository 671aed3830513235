using FenceGuard.CodeFixes;
using FenceGuard.Analyzers.Rules;

namespace FenceGuard.Analyzers.Tests.CodeFixes;

/// <summary>FG0007: the section ends before an await: before and after, where none is offered, and Fix All.</summary>
public class EndSectionBeforeAwaitCodeFixTests
{
    private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing FenceGuard;\n\n";

    [Fact]
    public async Task FG0007_AnAwait_TheSectionEndsBeforeIt()
    {
        string source = Usings + """
            class C
            {
                int _n;

                async Task A(Fence done, Task ready)
                {
                    using (Fence.BeginSignalling())
                    {
                        _n++;
                        {|FG0007:await ready|};
                        done.Signal();
                    }
                }
            }
            """;
        await Verifiers.CSharpCodeFixVerifier<SignallingSectionAnalyzer, EndSectionBeforeAwaitCodeFix>.VerifyFixAsync(source, Usings + """
            class C
            {
                int _n;

                async Task A(Fence done, Task ready)
                {
                    using (Fence.BeginSignalling())
                    {
                        _n++;
                    }
                    await ready;
                    done.Signal();
                }
            }
            """, EndSectionBeforeAwaitCodeFix.Key);
    }

    [Fact]
    public async Task FG0007_NoSplit_WhenCodeAfterTheAwaitUsesALocalOfTheSection()
    {
        await Verifiers.CSharpCodeFixVerifier<SignallingSectionAnalyzer, EndSectionBeforeAwaitCodeFix>.VerifyNoFixAsync(Usings + """
            class C
            {
                async Task A(Fence done, Task ready)
                {
                    using (Fence.BeginSignalling())
                    {
                        int seqno = 1;
                        {|FG0007:await ready|};
                        _ = seqno;
                        done.Signal();
                    }
                }
            }
            """, EndSectionBeforeAwaitCodeFix.Key);
    }
}
