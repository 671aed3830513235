using FenceGuard.CodeFixes;
using FenceGuard.Analyzers.Rules;

namespace FenceGuard.Analyzers.Tests.CodeFixes;

/// <summary>FG0008: ReserveSlots is inserted before the section, under the lock: before and after, where none is offered, and Fix All.</summary>
public class ReserveSlotCodeFixTests
{
    private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing FenceGuard;\n\n";

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

    [Fact]
    public async Task FG0008_NoFix_AtACallToASignallingPathMethod()
    {
        // The slot belongs to the caller's own reservation logic (which lock, how many): no edit is guessed.
        await Verifiers.CSharpCodeFixVerifier<SignallingSectionAnalyzer, ReserveSlotCodeFix>.VerifyNoFixAsync(Usings + """
            class C
            {
                [SignallingPath]
                static void Commit(ReservationObject resv, Fence f) => resv.AddFence(f, FenceUsage.Write);

                void A(ReservationObject buffer, Fence f)
                {
                    using (buffer.Lock())
                    {
                        {|FG0008:Commit|}(buffer, f);
                    }
                }
            }
            """, ReserveSlotCodeFix.Key);
    }
}
