using Verify = FenceGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.IndefiniteFenceAnalyzer>;

namespace FenceGuard.Analyzers.Tests;

public class FG0010IndefiniteFenceTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks; using FenceGuard;\n";

    [Fact]
    public async Task SignalInACallbackOfAnIndefiniteSource_IsReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Proxy
            {
                Fence _bounded = null!;
                void Complete(Fence f) => f.Signal();
                void OnPresent(UserFence u) => _bounded.Signal();

                void M(UserFence present, TaskCompletionSource<int> tcs, Fence other)
                {
                    present.AddCallback(u => _bounded.{|FG0010:Signal|}());
                    tcs.Task.ContinueWith(t => {|FG0010:Complete|}(_bounded));
                    present.AddCallback({|FG0010:OnPresent|});
                    other.AddCallback(f => _bounded.Signal());                 // bounded depends on bounded: fine
                    present.AddCallback(u => new UserFence("next").Signal());  // user fence depends on user fence: fine
                }
            }
            """);
    }

    [Fact]
    public async Task SignalAfterAWaitOnAnIndefiniteSource_IsReported_EvenWithATimeout()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Proxy
            {
                Fence _bounded = null!;
                void Publish() => _bounded.Signal();

                async Task AfterAwait(UserFence present)
                {
                    _bounded.Wait(TimeSpan.Zero);
                    await present;
                    _bounded.{|FG0010:Signal|}();
                }

                void AfterTimedWait(UserFence present)
                {
                    present.Wait(TimeSpan.FromMilliseconds(16));   // a timeout does not bound the fence
                    {|FG0010:Publish|}();
                }

                void InTheBranch(UserFence present)
                {
                    if (present.Wait(TimeSpan.FromSeconds(1)))
                    {
                        _bounded.{|FG0010:Signal|}();
                    }
                }

                void AfterTask(TaskCompletionSource tcs)
                {
                    tcs.Task.Wait();
                    _bounded.{|FG0010:Signal|}();
                }
            }
            """);
    }

    [Fact]
    public async Task AllowedDirections_AndUnrelatedWaits_AreNotReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                Fence _bounded = null!;
                UserFence _user = new("u");

                async Task UserDependsOnBounded(Fence gpu)
                {
                    await gpu;
                    _user.Signal();                 // user fences may depend on bounded fences
                }

                async Task OrdinaryTask(Task work)
                {
                    await work;
                    _bounded.Signal();              // a task is not an indefinite fence source
                }

                void BeforeTheWait(UserFence present)
                {
                    _bounded.Signal();
                    present.Wait(TimeSpan.Zero);
                }

                void LambdaDefinedAfterTheWait(UserFence present)
                {
                    present.Wait(TimeSpan.Zero);
                    Action later = () => _bounded.Signal();   // runs when invoked: not gated by this body
                }
            }
            """);
    }

    [Fact]
    public async Task CalleeThatOnlyOpensASection_IsNotASignal()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                static void Quiet() { using (Fence.BeginSignalling()) { } }
                void M(UserFence present)
                {
                    present.Wait(TimeSpan.Zero);
                    Quiet();                                       // opens a section but signals nothing
                    present.AddCallback(u => Quiet());
                }
            }
            """);
    }

    [Fact]
    public async Task Message_NamesTheSignalAndTheSource()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Proxy
            {
                void M(UserFence present, Fence bounded)
                {
                    present.{|#1:Wait|}(TimeSpan.FromSeconds(1));
                    bounded.{|#0:Signal|}();
                }
            }
            """,
            Verify.Diagnostic("FG0010").WithLocation(0).WithLocation(1)
                .WithArguments("'bounded.Signal()' signals a bounded fence", "the user fence 'present'"));
    }

    [Fact]
    public async Task AGateReachedThroughACall_GatesWhatFollows()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                static readonly UserFence Ready = new("ready");
                static void AwaitReady() => Ready.Wait(TimeSpan.FromSeconds(1));
                static void AwaitAny(UserFence fence) => fence.Wait(TimeSpan.FromSeconds(1));
                static void AwaitBounded(Fence fence) => fence.Wait();

                void M(UserFence other, Fence a, Fence b, Fence c)
                {
                    AwaitBounded(c);
                    c.Signal();                     // gated by a bounded fence only: fine
                    {|#1:AwaitReady|}();
                    a.{|#0:Signal|}();
                }

                void N(UserFence other, Fence b)
                {
                    {|#3:AwaitAny|}(other);
                    b.{|#2:Signal|}();
                }
            }
            """,
            Verify.Diagnostic("FG0010").WithLocation(0).WithLocation(1)
                .WithArguments("'a.Signal()' signals a bounded fence", "the call to 'AwaitReady', which waits on the indefinite 'Client.Ready' (Test0.cs line 5)"),
            Verify.Diagnostic("FG0010").WithLocation(2).WithLocation(3)
                .WithArguments("'b.Signal()' signals a bounded fence", "the call to 'AwaitAny', which waits on its parameter 'fence', an indefinite source (Test0.cs line 6)"));
    }

    [Fact]
    public async Task BodyThatNamesNoFence_IsGatedThroughItsCallsAlone()
    {
        // Neither M nor Unrelated names a fence: both are recorded by their calls only, and M's steps are classified
        // when the compilation-end check finds that one of its calls waits on an indefinite source.
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Client
            {
                static readonly UserFence Ready = new("ready");
                static readonly Fence Done = null!;
                static void AwaitReady() => Ready.Wait(TimeSpan.FromSeconds(1));
                static void SignalDone() => Done.{|#2:Signal|}();

                void M()
                {
                    {|#1:AwaitReady|}();
                    {|#0:SignalDone|}();
                }

                void Unrelated()
                {
                    SignalDone();
                    Console.WriteLine("no gate before the signal");
                }
            }
            """,
            Verify.Diagnostic("FG0010").WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("the call to 'SignalDone' (SignalDone: 'Fence.Signal') signals a bounded fence",
                    "the call to 'AwaitReady', which waits on the indefinite 'Client.Ready' (Test0.cs line 6)"));
    }

    [Fact]
    public async Task ConfiguredAwaitOfATaskSourceTask_GatesWhatFollows()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Bridge
            {
                readonly TaskCompletionSource<int> _reply = new();
                Fence _gpu = null!;

                async Task ForwardAsync()
                {
                    {|#1:await _reply.Task.ConfigureAwait(false)|};
                    _gpu.{|#0:Signal|}();
                }
            }
            """,
            Verify.Diagnostic("FG0010").WithLocation(0).WithLocation(1)
                .WithArguments("'_gpu.Signal()' signals a bounded fence", "the TaskCompletionSource task '_reply.Task'"));
    }

    [Fact]
    public async Task ConfiguredAwaitOfAnOrdinaryTask_GatesNothing()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Bridge
            {
                Fence _gpu = null!;

                async Task ForwardAsync()
                {
                    await Task.Delay(1).ConfigureAwait(false);
                    _gpu.Signal();
                }
            }
            """);
    }

    [Fact]
    public async Task AwaiterCallbacksOfIndefiniteSources_AreCallbacksOfThem()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Bridge
            {
                readonly TaskCompletionSource<int> _reply = new();
                Fence _gpu = null!;
                void Complete() => _gpu.Signal();

                void M(UserFence present, Fence bounded)
                {
                    _reply.Task.GetAwaiter().OnCompleted(() => _gpu.{|FG0010:Signal|}());
                    _reply.Task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => _gpu.{|FG0010:Signal|}());
                    present.GetAwaiter().OnCompleted({|FG0010:Complete|});
                    bounded.GetAwaiter().OnCompleted(() => _gpu.Signal());        // bounded on bounded: fine
                    Task.Delay(1).GetAwaiter().OnCompleted(() => _gpu.Signal());  // no source at all
                }
            }
            """);
    }

    [Fact]
    public async Task AwaiterCallback_MessageNamesTheSource()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Bridge
            {
                Fence _gpu = null!;

                void M(UserFence present)
                {
                    present.GetAwaiter().OnCompleted({|#1:() => _gpu.{|#0:Signal|}()|});
                }
            }
            """,
            Verify.Diagnostic("FG0010").WithLocation(0).WithLocation(1)
                .WithArguments("'_gpu.Signal()' signals a bounded fence", "the user fence 'present'"));
    }

    [Fact]
    public async Task CallbackKeptInALocal_IsACallbackOfItsSource()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Proxy
            {
                Fence _bounded = null!;

                void M(UserFence present, Fence other)
                {
                    Action<UserFence> relay = u => _bounded.{|FG0010:Signal|}();
                    present.AddCallback(relay);
                    Action<Fence> chain = f => _bounded.Signal();   // bounded on bounded: fine
                    other.AddCallback(chain);
                }
            }
            """);
    }

    [Fact]
    public async Task AConstructorThatSignals_IsFollowedLikeAnyCall()
    {
        // 'new Completion(f)' allocates, and its constructor signals: the allocation does not hide the signal.
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Completion { public Completion(Fence f) => f.Signal(); }

            class Proxy
            {
                Fence _bounded = null!;

                void M(UserFence present)
                {
                    present.Wait(TimeSpan.FromSeconds(1));
                    _ = {|FG0010:new Completion(_bounded)|};
                }
            }
            """);
    }

    [Fact]
    public async Task GatesByStructure_NestedBlocksGate_LambdasAndEarlierStatementsDoNot()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Proxy
            {
                static Action? _later;
                static void Later(Action action) => _later = action;   // keeps the lambda: it runs when invoked, later

                void Nested(UserFence present, Fence a, Fence b, bool ready)
                {
                    a.Signal();                                  // before the wait: fine
                    if (ready)
                    {
                        present.Wait(TimeSpan.Zero);
                        a.{|FG0010:Signal|}();                    // after it, in the same block
                    }

                    b.{|FG0010:Signal|}();                        // after the statement that holds the wait
                }

                void InALambda(UserFence present, Fence a)
                {
                    Later(() => present.Wait(TimeSpan.Zero));    // waits when the lambda runs, not here
                    a.Signal();
                }

                void LambdaAfterTheWait(UserFence present, Fence a)
                {
                    present.Wait(TimeSpan.Zero);
                    Later(() => a.Signal());                     // runs when invoked: not behind this body's gates
                }

                void TheOtherBranch(UserFence present, Fence a, bool ready)
                {
                    if (ready) { present.Wait(TimeSpan.Zero); } else { a.Signal(); }
                }
            }
            """);
    }

    [Fact]
    public async Task CallbackKeptInAField_OnAUserFence_ThatSignalsABoundedFence_IsReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Proxy
            {
                static Fence _gpu = null!;
                readonly Action<UserFence> _onPresent = _ => _gpu.Signal();
                readonly Action<UserFence> _quiet = static _ => { };

                void Arm(UserFence present, Fence bounded)
                {
                    present.AddCallback({|FG0010:_onPresent|});
                    present.AddCallback(_quiet);
                }
            }
            """);
    }

    [Fact]
    public async Task DelegatesAfterAndAroundAnIndefiniteWait_GateAndSignalLikeCalls()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Proxy
            {
                static Fence _gpu = null!;
                static UserFence _present = null!;
                readonly Action _publish = () => _gpu.Signal();
                readonly Action _waitForUser = () => _present.Wait(TimeSpan.FromSeconds(1));

                void AfterWait()
                {
                    _present.Wait(TimeSpan.FromSeconds(1));
                    {|FG0010:_publish|}();                  // a delegate that signals, behind the wait
                }

                void AfterDelegateWait()
                {
                    _waitForUser();                         // a delegate that waits on the user fence gates what follows
                    _gpu.{|FG0010:Signal|}();
                }

                void Before()
                {
                    _publish();                             // nothing waited yet
                    _present.Wait(TimeSpan.FromSeconds(1));
                }

                static void Run(Action action) => action();

                void PassedAfterWait()
                {
                    _present.Wait(TimeSpan.FromSeconds(1));
                    {|FG0010:Run|}(() => _gpu.Signal());    // Run invokes it: it signals here, behind the wait
                }
            }
            """);
    }
}
