using Verify = FenceGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.SignallingSectionAnalyzer>;

namespace FenceGuard.Analyzers.Tests;

public class FG0030RecoverableFaultsTests
{
    private const string Usings = "using System; using FenceGuard;\n";

    [Fact]
    public async Task Workload_SignallingABoundedFence_DirectlyOrThroughCalls_IsReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Completion
            {
                public static void Done(Fence f) => Publish(f);
                static void Publish(Fence f) => f.Signal();
                public static void Section() { using (Fence.BeginSignalling()) { } }
            }

            [RecoverableFaults]
            class SvmCompute
            {
                public void Run(Fence done, UserFence progress)
                {
                    progress.Signal();                        // a user fence: allowed
                    done.{|FG0030:Signal|}();
                    using (Fence.{|FG0030:BeginSignalling|}()) { }
                    Completion.{|FG0030:Done|}(done);
                    Completion.{|FG0030:Section|}();                // opens a section through a call
                    Action later = () => done.Signal();       // runs when invoked, not as part of Run
                }
            }

            class Trainer
            {
                [RecoverableFaults]
                public void Step(Fence done) => done.{|FG0030:Signal|}();

                public void Plain(Fence done) => done.Signal();
            }
            """);
    }

    [Fact]
    public async Task Workload_RunFromASection_DirectlyOrThroughCalls_IsReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            [RecoverableFaults]
            class Svm { public void Run() { } }
            class Trainer { [RecoverableFaults] public void Step() { } public void Safe() { } }
            class Scheduler
            {
                void Kick(Svm svm) => svm.Run();

                [SignallingPath]
                void OnInterrupt(Svm svm, Trainer trainer)
                {
                    svm.{|FG0030:Run|}();
                    trainer.{|FG0030:Step|}();
                    trainer.Safe();
                    {|FG0030:Kick|}(svm);
                }

                void Outside(Svm svm) => svm.Run();
            }
            """);
    }

    [Fact]
    public async Task WorkloadBehindAnInterface_IsReachedThroughDispatch()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            interface IWork { void Run(); }
            interface IQuiet { void Run(); }
            [RecoverableFaults]
            class Svm : IWork { public void {|#2:Run|}() { } }
            class Plain : IWork, IQuiet { public void Run() { } }
            class Scheduler
            {
                [SignallingPath]
                void {|#1:OnInterrupt|}(IWork work, IQuiet quiet)
                {
                    work.{|#0:Run|}();   // Svm may be behind it
                    quiet.Run();      // only Plain
                }
            }
            """,
            Verify.Diagnostic("FG0030").WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("the call to 'Run' (Run → Svm.Run: a [RecoverableFaults] workload)", "the [SignallingPath] method 'OnInterrupt'"));
    }

    [Fact]
    public async Task WorkloadSignallingBehindAnInterface_IsReachedThroughDispatch()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            interface ICompletion { void Complete(Fence f); }
            class Signalling : ICompletion { public void Complete(Fence f) => f.Signal(); }
            [RecoverableFaults]
            class SvmCompute
            {
                public void Run(ICompletion completion, Fence done) => completion.{|FG0030:Complete|}(done);
            }
            """);
    }

    [Fact]
    public async Task Message_NamesTheWorkloadAndTheChain()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Completion { public static void Done(Fence f) => f.{|#2:Signal|}(); }
            [RecoverableFaults]
            class SvmCompute
            {
                public void Run(Fence done) => Completion.{|#0:Done|}(done);
            }
            """,
            Verify.Diagnostic("FG0030").WithLocation(0).WithLocation(2)
                .WithArguments("the call to 'Done' (Done: 'Fence.Signal') signals a bounded fence", "the [RecoverableFaults] workload 'Run'"));
    }

    [Fact]
    public async Task Workload_ConstructingAnObjectWhoseConstructorSignals_IsReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Completion { public Completion(Fence f) => f.Signal(); }

            class Jobs
            {
                Fence _done = null!;

                [RecoverableFaults]
                void Run() => _ = {|FG0030:new Completion(_done)|};
            }
            """);
    }
}
