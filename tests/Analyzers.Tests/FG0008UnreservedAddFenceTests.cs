using Verify = FenceGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.SignallingSectionAnalyzer>;

namespace FenceGuard.Analyzers.Tests;

public class FG0008UnreservedAddFenceTests
{
    private const string Usings = "using System; using FenceGuard;\n";

    [Fact]
    public async Task AddFence_WithoutReserveSlotsBeforeTheSection_IsReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                ReservationObject _buffer = new();

                void NoReservation(ReservationObject r, Fence f)
                {
                    using (r.Lock())
                    using (Fence.BeginSignalling())
                    {
                        r.{|FG0008:AddFence|}(f, FenceUsage.Write);
                    }
                }

                void ReservedInsideTheSection(ReservationObject r, Fence f)
                {
                    using (r.Lock())
                    using (Fence.BeginSignalling())
                    {
                        r.{|FG0001:ReserveSlots|}(1); // allocates inside the section: too late
                        r.{|FG0008:AddFence|}(f, FenceUsage.Write);
                    }
                }

                void ReservedAnotherObject(ReservationObject r, ReservationObject other, Fence f)
                {
                    using (r.Lock())
                    {
                        other.ReserveSlots(1);
                        using (Fence.BeginSignalling())
                        {
                            r.{|FG0008:AddFence|}(f, FenceUsage.Write);
                        }
                    }
                }

                void FieldNotReserved(Fence f)
                {
                    using var section = Fence.BeginSignalling();
                    _buffer.{|FG0008:AddFence|}(f, FenceUsage.Read);
                }
            }
            """);
    }

    [Fact]
    public async Task AddFence_AfterReserveSlotsOnTheSameObject_IsNotReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                ReservationObject _buffer = new();
                ReservationObject Buffer => _buffer;

                void Local(Fence f)
                {
                    var r = new ReservationObject();
                    using (r.Lock())
                    {
                        r.ReserveSlots(1);
                        using (Fence.BeginSignalling())
                        {
                            r.AddFence(f, FenceUsage.Write);
                        }
                    }
                }

                void FieldAndProperty(Fence f)
                {
                    using (_buffer.Lock())
                    {
                        _buffer.ReserveSlots(2);
                        this.Buffer.ReserveSlots(1);
                        var s = Fence.BeginSignalling();
                        this._buffer.AddFence(f, FenceUsage.Write);
                        Buffer.AddFence(f, FenceUsage.Read);
                        Fence.EndSignalling(s);
                    }
                }

                void OutsideSections(ReservationObject r, Fence f)
                {
                    using (r.Lock())
                    {
                        r.AddFence(f, FenceUsage.Write); // the runtime rejects it, but no section is involved
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task SignallingPathMembersAndCallbacks_AreLeftToTheirCallers()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                [SignallingPath]
                void Commit(ReservationObject r, Fence f) => r.AddFence(f, FenceUsage.Write);

                void Register(ReservationObject r, Fence f, Fence trigger) =>
                    trigger.AddCallback(_ => r.AddFence(f, FenceUsage.Write));
            }
            """);
    }

    [Fact]
    public async Task ReservationInAnotherFunction_DoesNotCount()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                void M(ReservationObject r, Fence f)
                {
                    Action reserve = () => r.ReserveSlots(1);
                    using (Fence.BeginSignalling())
                    {
                        r.{|FG0008:AddFence|}(f, FenceUsage.Write);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task ReservedInTheBodyAroundALambda_CountsForTheLambdasSection_ButNotTheOtherWayRound()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                static void Run(Action action) => action();

                void Outer(ReservationObject resv, Fence f)
                {
                    using (resv.Lock())
                    {
                        resv.ReserveSlots(1);
                        Run(() =>
                        {
                            using (Fence.BeginSignalling())
                            {
                                resv.AddFence(f, FenceUsage.Write);      // reserved by the enclosing body, before
                            }
                        });
                    }
                }

                void Inner(ReservationObject resv, Fence f)
                {
                    using (resv.Lock())
                    {
                        Run(() => resv.ReserveSlots(1));                 // a lambda's reservation does not cover the method
                        using (Fence.BeginSignalling())
                        {
                            resv.{|FG0008:AddFence|}(f, FenceUsage.Write);
                        }
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task ReservedThroughTheSameMemberPath_CountsForTheSection()
    {
        // The canonical pattern: reserve on target.Resv, then add to target.Resv inside the section (one access path).
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Target { public ReservationObject Resv { get; } = new(); public Target Next = null!; }

            class C
            {
                Target _target = new();

                void Parameter(Target target, Fence f)
                {
                    using (target.Resv.Lock())
                    {
                        target.Resv.ReserveSlots(1);
                        using (Fence.BeginSignalling())
                        {
                            target.Resv.AddFence(f, FenceUsage.Write);
                        }
                    }
                }

                void FieldChain(Fence f)
                {
                    _target.Next.Resv.ReserveSlots(1);
                    using (Fence.BeginSignalling())
                    {
                        this._target.Next.Resv.AddFence(f, FenceUsage.Write);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task ReservedOnAnotherObjectsMember_DoesNotCount()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Target { public ReservationObject Resv { get; } = new(); }

            class C
            {
                static readonly Target Shared = new();
                static Target Current() => Shared;

                void OtherParameter(Target target, Target other, Fence f)
                {
                    other.Resv.ReserveSlots(1);
                    using (Fence.BeginSignalling())
                    {
                        target.Resv.{|FG0008:AddFence|}(f, FenceUsage.Write);
                    }
                }

                void UnknownRoot(Fence f)
                {
                    Current().Resv.ReserveSlots(1);                  // each call may return another object
                    using (Fence.BeginSignalling())
                    {
                        Current().Resv.{|FG0008:AddFence|}(f, FenceUsage.Write);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Message_NamesTheObjectAsWrittenAndTheSection()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Target { public ReservationObject Resv { get; } = new(); }

            class C
            {
                void M(Target target, Fence f)
                {
                    using ({|#1:Fence.BeginSignalling()|})
                    {
                        target.Resv.{|#0:AddFence|}(f, FenceUsage.Write);
                    }
                }
            }
            """,
            Verify.Diagnostic("FG0008").WithLocation(0).WithLocation(1)
                .WithArguments("target.Resv", "the signalling section opened at line 8"));
    }

    [Fact]
    public async Task CallerOfASignallingPathMethod_WithoutReservingOnTheArgument_IsReportedAtTheCall()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Job { public ReservationObject Resv = new(); }
            class C
            {
                [SignallingPath]
                static void Commit(ReservationObject resv, Fence f) => resv.AddFence(f, FenceUsage.Write);

                [SignallingPath]
                static void CommitJob(Job job, Fence f) => job.Resv.AddFence(f, FenceUsage.Read);

                void Unreserved(ReservationObject buffer, Job job, Fence f)
                {
                    using (buffer.Lock())
                    {
                        {|FG0008:Commit|}(buffer, f);
                    }

                    {|FG0008:CommitJob|}(job, f);
                    job.Resv.ReserveSlots(1);            // too late: after the call
                }

                void Reserved(ReservationObject buffer, Job job, Fence f)
                {
                    using (buffer.Lock())
                    {
                        buffer.ReserveSlots(1);
                        Commit(buffer, f);
                    }

                    job.Resv.ReserveSlots(1);
                    CommitJob(job, f);
                }
            }
            """);
    }

    [Fact]
    public async Task SignallingPathCallerPassingItsParameter_LeavesItToItsOwnCallers()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                [SignallingPath]
                static void Commit(ReservationObject resv, Fence f) => resv.AddFence(f, FenceUsage.Write);

                [SignallingPath]
                static void Retire(ReservationObject target, Fence f) => Commit(target, f);   // its callers must reserve

                void Good(ReservationObject buffer, Fence f)
                {
                    buffer.ReserveSlots(1);
                    Retire(buffer, f);
                }

                void Bad(ReservationObject buffer, Fence f) => {|FG0008:Retire|}(buffer, f);
            }
            """);
    }

    [Fact]
    public async Task CallInsideASection_NeedsTheReservationBeforeTheSection()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                [SignallingPath]
                static void Commit(ReservationObject resv, Fence f) => resv.AddFence(f, FenceUsage.Write);

                void M(ReservationObject early, ReservationObject late, Fence f)
                {
                    early.ReserveSlots(1);
                    using (Fence.BeginSignalling())
                    {
                        late.{|FG0001:ReserveSlots|}(1);           // inside the section: it allocates there, and does not count
                        Commit(early, f);
                        {|FG0008:Commit|}(late, f);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task CallerOfASignallingPathMethod_MessageNamesTheCalleesAddFence()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                [SignallingPath]
                static void Commit(ReservationObject resv, Fence f) => resv.{|#1:AddFence|}(f, FenceUsage.Write);

                void M(ReservationObject buffer, Fence f) => {|#0:Commit|}(buffer, f);
            }
            """,
            Verify.Diagnostic("FG0008").WithLocation(0).WithLocation(1).WithArguments(
                "buffer", "the [SignallingPath] method 'Commit' called here (it adds a fence to its parameter 'resv' at Test0.cs line 5)"));
    }
}
