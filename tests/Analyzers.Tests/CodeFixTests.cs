using FenceGuard.CodeFixes;
using FenceGuard.Analyzers.Rules;

namespace FenceGuard.Analyzers.Tests;

/// <summary>Before and after for each fix, where none is offered, and Fix All (document, project, solution).</summary>
public class CodeFixTests
{
    private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing FenceGuard;\n\n";

    // ---- FG0006: to a using declaration or try/finally ----

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

    // ---- FG0003 / FG0004 / FG0007: move before the section ----

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
    public async Task FG0007_AnAwait_MovesBeforeTheSection_OrTheSectionEndsBeforeIt()
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

    // ---- FG0008: reserve a slot ----

    [Fact]
    public async Task FG0008_ReserveSlotsIsInsertedBeforeTheSection_UnderTheLock()
    {
        await Verifiers.CSharpCodeFixVerifier<SignallingSectionAnalyzer, ReserveSlotCodeFix>.VerifyFixAsync(Usings + """
            class C
            {
                ReservationObject _buffer = new();

                void A(Fence f)
                {
                    using (_buffer.Lock())
                    {
                        using (Fence.BeginSignalling())
                        {
                            _buffer.{|FG0008:AddFence|}(f, FenceUsage.Write);
                        }
                    }
                }
            }
            """, Usings + """
            class C
            {
                ReservationObject _buffer = new();

                void A(Fence f)
                {
                    using (_buffer.Lock())
                    {
                        _buffer.ReserveSlots(1);
                        using (Fence.BeginSignalling())
                        {
                            _buffer.AddFence(f, FenceUsage.Write);
                        }
                    }
                }
            }
            """, ReserveSlotCodeFix.Key);
    }

    [Fact]
    public async Task FG0008_NoFix_WithoutTheLockAroundTheSection()
    {
        await Verifiers.CSharpCodeFixVerifier<SignallingSectionAnalyzer, ReserveSlotCodeFix>.VerifyNoFixAsync(Usings + """
            class C
            {
                ReservationObject _buffer = new();

                void A(Fence f)
                {
                    using (Fence.BeginSignalling())
                    {
                        using (_buffer.Lock())
                        {
                            _buffer.{|FG0008:AddFence|}(f, FenceUsage.Write);
                        }
                    }
                }
            }
            """, ReserveSlotCodeFix.Key);
    }

    // ---- FG0001: hoist the allocation ----

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
