using FenceGuard.CodeFixes;
using FenceGuard.Analyzers.Rules;

namespace FenceGuard.Analyzers.Tests.CodeFixes;

/// <summary>FG0001: an allocation in a loop with constant arguments is preallocated into a field: before and after, where none is offered, and Fix All.</summary>
public class PreallocateFieldCodeFixTests
{
    private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing FenceGuard;\n\n";

    [Fact]
    public async Task FG0001_AnAllocationInALoop_WithConstantArguments_IsPreallocatedIntoAField()
    {
        await Verifiers.CSharpCodeFixVerifier<SignallingSectionAnalyzer, PreallocateFieldCodeFix>.VerifyFixAsync(Usings + """
            class C
            {
                object _last = null!;

                void A(Fence f)
                {
                    using (Fence.BeginSignalling())
                    {
                        for (int i = 0; i < 2; i++)
                        {
                            _last = {|FG0001:new byte[64]|};
                        }

                        f.Signal();
                    }
                }
            }
            """, Usings + """
            class C
            {
                private readonly byte[] _bytes = new byte[64];
                object _last = null!;

                void A(Fence f)
                {
                    using (Fence.BeginSignalling())
                    {
                        for (int i = 0; i < 2; i++)
                        {
                            _last = _bytes;
                        }

                        f.Signal();
                    }
                }
            }
            """, PreallocateFieldCodeFix.Key);
    }

    [Fact]
    public async Task FG0001_NoField_WhenArgumentsAreNotConstant_OrTheHoistApplies()
    {
        await Verifiers.CSharpCodeFixVerifier<SignallingSectionAnalyzer, PreallocateFieldCodeFix>.VerifyNoFixAsync(Usings + """
            class Job { public Job(int size) { } }
            class C
            {
                object _last = null!;

                void A(Fence f, int size)
                {
                    using (Fence.BeginSignalling())
                    {
                        for (int i = 0; i < 2; i++) _last = {|FG0001:new Job(size)|};   // depends on a parameter
                        _last = {|FG0001:new Job(4)|};                                  // can simply move before the section
                        f.Signal();
                    }
                }
            }
            """, PreallocateFieldCodeFix.Key);
    }
}
