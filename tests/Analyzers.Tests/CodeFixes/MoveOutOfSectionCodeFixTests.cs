using FenceGuard.CodeFixes;
using FenceGuard.Analyzers.Rules;

namespace FenceGuard.Analyzers.Tests.CodeFixes;

/// <summary>FG0003, FG0004, FG0007: a wait, blocking call or await that needs nothing from the section moves before it: before and after, where none is offered, and Fix All.</summary>
public class MoveOutOfSectionCodeFixTests
{
    private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing FenceGuard;\n\n";

    [Fact]
    public async Task FG0003_AWaitThatNeedsNothingFromTheSection_MovesBeforeIt()
    {
        await Verifiers.CSharpCodeFixVerifier<SignallingSectionAnalyzer, MoveOutOfSectionCodeFix>.VerifyFixAsync(Usings + """
            class C
            {
                void A(Fence done, Fence upstream)
                {
                    using (Fence.BeginSignalling())
                    {
                        upstream.{|FG0003:Wait|}();
                        done.Signal();
                    }
                }

                void B(Fence done, Fence upstream)
                {
                    using var s = Fence.BeginSignalling();
                    upstream.{|FG0003:Wait|}();
                    done.Signal();
                }
            }
            """, Usings + """
            class C
            {
                void A(Fence done, Fence upstream)
                {
                    upstream.Wait();
                    using (Fence.BeginSignalling())
                    {
                        done.Signal();
                    }
                }

                void B(Fence done, Fence upstream)
                {
                    upstream.Wait();
                    using var s = Fence.BeginSignalling();
                    done.Signal();
                }
            }
            """, MoveOutOfSectionCodeFix.WaitKey);
    }

    [Fact]
    public async Task FG0004_ABlockingCall_MovesBeforeTheSection()
    {
        await Verifiers.CSharpCodeFixVerifier<SignallingSectionAnalyzer, MoveOutOfSectionCodeFix>.VerifyFixAsync(Usings + """
            class C
            {
                void A(Fence done, Task pending)
                {
                    using (Fence.BeginSignalling())
                    {
                        pending.{|FG0004:Wait|}();
                        done.Signal();
                    }
                }
            }
            """, Usings + """
            class C
            {
                void A(Fence done, Task pending)
                {
                    pending.Wait();
                    using (Fence.BeginSignalling())
                    {
                        done.Signal();
                    }
                }
            }
            """, MoveOutOfSectionCodeFix.BlockingKey);
    }

    [Fact]
    public async Task FG0003_NoMove_WhenTheWaitNeedsASectionValue_OrSitsInABranch()
    {
        await Verifiers.CSharpCodeFixVerifier<SignallingSectionAnalyzer, MoveOutOfSectionCodeFix>.VerifyNoFixAsync(Usings + """
            class C
            {
                void A(Fence done, Fence[] pending, bool slow)
                {
                    using (Fence.BeginSignalling())
                    {
                        Fence next = pending[0];
                        next.{|FG0003:Wait|}();                // needs 'next', made in the section
                        if (slow) pending[1].{|FG0003:Wait|}(); // only on one branch
                        done.Signal();
                    }
                }
            }
            """, MoveOutOfSectionCodeFix.WaitKey);
    }

    [Fact]
    public async Task FG0007_AnAwait_MovesBeforeTheSection()
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
        await Verifiers.CSharpCodeFixVerifier<SignallingSectionAnalyzer, MoveOutOfSectionCodeFix>.VerifyFixAsync(source, Usings + """
            class C
            {
                int _n;

                async Task A(Fence done, Task ready)
                {
                    await ready;
                    using (Fence.BeginSignalling())
                    {
                        _n++;
                        done.Signal();
                    }
                }
            }
            """, MoveOutOfSectionCodeFix.AwaitKey);
    }
}
