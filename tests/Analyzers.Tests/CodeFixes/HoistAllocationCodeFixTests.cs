using FenceGuard.CodeFixes;
using FenceGuard.Analyzers.Rules;

namespace FenceGuard.Analyzers.Tests.CodeFixes;

/// <summary>FG0001: an allocation of the section's own block moves before the section: before and after, where none is offered, and Fix All.</summary>
public class HoistAllocationCodeFixTests
{
    private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing FenceGuard;\n\n";

    [Fact]
    public async Task FG0001_AnAllocationOfTheSectionsOwnBlock_MovesBeforeTheSection_WithAFreshName()
    {
        await Verifiers.CSharpCodeFixVerifier<SignallingSectionAnalyzer, HoistAllocationCodeFix>.VerifyFixAsync(Usings + """
            class Job { public Job(int size) { } }
            class C
            {
                object _last = null!;

                void A(Fence f, int size)
                {
                    int job = 0;
                    using (Fence.BeginSignalling())
                    {
                        _last = {|FG0001:new Job(size)|};
                        f.Signal();
                    }
                }
            }
            """, Usings + """
            class Job { public Job(int size) { } }
            class C
            {
                object _last = null!;

                void A(Fence f, int size)
                {
                    int job = 0;
                    var job2 = new Job(size);
                    using (Fence.BeginSignalling())
                    {
                        _last = job2;
                        f.Signal();
                    }
                }
            }
            """, HoistAllocationCodeFix.Key);
    }

    [Fact]
    public async Task FG0001_NoHoist_InALoop_OrWithSectionValues_OrCalls()
    {
        await Verifiers.CSharpCodeFixVerifier<SignallingSectionAnalyzer, HoistAllocationCodeFix>.VerifyNoFixAsync(Usings + """
            class Job { public Job(int size) { } }
            class C
            {
                object _last = null!;
                int Size() => 1;

                void A(Fence f, bool big)
                {
                    using (Fence.BeginSignalling())
                    {
                        int n = 4;
                        _last = {|FG0001:new Job(n)|};                  // needs 'n', made in the section
                        for (int i = 0; i < 2; i++) _last = {|FG0001:new Job(i)|};
                        _last = {|FG0001:new Job(Size())|};             // a call: evaluating it earlier could change things
                        _last = big ? {|FG0001:new Job(1)|} : this;     // only on one branch
                        do { } while ({|FG0001:new Job(2)|} != _last);   // a loop condition runs once per iteration
                        f.Signal();
                    }
                }
            }
            """, HoistAllocationCodeFix.Key);
    }
}
