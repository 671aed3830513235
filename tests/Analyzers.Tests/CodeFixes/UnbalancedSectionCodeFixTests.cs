using FenceGuard.CodeFixes;
using FenceGuard.Analyzers.Rules;

namespace FenceGuard.Analyzers.Tests.CodeFixes;

/// <summary>FG0006: a manual begin/end pair becomes a using declaration or try/finally: before and after, where none is offered, and Fix All.</summary>
public class UnbalancedSectionCodeFixTests
{
    private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing FenceGuard;\n\n";

    [Fact]
    public async Task FG0006_ManualPairEndingTheBlock_BecomesAUsingDeclaration_InEveryMethod()
    {
        await Verifiers.CSharpCodeFixVerifier<SectionBalanceAnalyzer, UnbalancedSectionCodeFix>.VerifyFixAsync(Usings + """
            class C
            {
                void A(Fence f)
                {
                    var s = Fence.{|FG0006:BeginSignalling|}();
                    f.Signal(); // signal
                    Fence.EndSignalling(s);
                }

                void B(Fence f)
                {
                    var section = Fence.{|FG0006:BeginSignalling|}();
                    f.Signal();
                    section.Dispose();
                }
            }
            """, Usings + """
            class C
            {
                void A(Fence f)
                {
                    using var s = Fence.BeginSignalling();
                    f.Signal(); // signal
                }

                void B(Fence f)
                {
                    using var section = Fence.BeginSignalling();
                    f.Signal();
                }
            }
            """, UnbalancedSectionCodeFix.UsingDeclarationKey);
    }

    [Fact]
    public async Task FG0006_ManualPairFollowedByMoreCode_BecomesTryFinally_KeepingComments()
    {
        await Verifiers.CSharpCodeFixVerifier<SectionBalanceAnalyzer, UnbalancedSectionCodeFix>.VerifyFixAsync(Usings + """
            class C
            {
                int _n;

                void A(Fence f)
                {
                    var s = Fence.{|FG0006:BeginSignalling|}();
                    // retire the job
                    _n++;
                    f.Signal();
                    Fence.EndSignalling(s);
                    _n--;
                }
            }
            """, Usings + """
            class C
            {
                int _n;

                void A(Fence f)
                {
                    var s = Fence.BeginSignalling();
                    try
                    {
                        // retire the job
                        _n++;
                        f.Signal();
                    }
                    finally
                    {
                        Fence.EndSignalling(s);
                    }
                    _n--;
                }
            }
            """, UnbalancedSectionCodeFix.TryFinallyKey);
    }

    [Fact]
    public async Task FG0006_NoUsingDeclaration_WhenCodeFollowsTheEnd_OrTheEndIsInABranch()
    {
        string source = Usings + """
            class C
            {
                int _n;

                void A(Fence f)
                {
                    var s = Fence.{|FG0006:BeginSignalling|}();
                    f.Signal();
                    Fence.EndSignalling(s);
                    _n++;                                   // must stay outside the section
                }

                void B(Fence f, bool early)
                {
                    var s = Fence.{|FG0006:BeginSignalling|}();
                    if (early) { Fence.EndSignalling(s); return; }
                    f.Signal();
                    Fence.EndSignalling(s);
                }
            }
            """;
        await Verifiers.CSharpCodeFixVerifier<SectionBalanceAnalyzer, UnbalancedSectionCodeFix>.VerifyNoFixAsync(source, UnbalancedSectionCodeFix.UsingDeclarationKey);
    }
}
