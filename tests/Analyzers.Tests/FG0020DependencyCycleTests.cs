using Verify = FenceGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.DependencyGraphAnalyzer>;

namespace FenceGuard.Analyzers.Tests;

public class FG0020DependencyCycleTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks; using FenceGuard;\n";

    [Fact]
    public async Task TwoFencesWaitingOnEachOther_AcrossClasses_IsReportedOnce_AtTheFirstEdge_WithTheWholeCycle()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            static class Ring
            {
                public static Fence Post = null!;
                public static Fence Done = null!;
            }
            class Producer
            {
                void Run()
                {
                    Ring.Done.{|#0:Wait|}();
                    Ring.Post.Signal();
                }
            }
            class Consumer
            {
                void Run()
                {
                    Ring.Post.{|#1:Wait|}();
                    Ring.Done.Signal();
                }
            }
            """,
            Verify.Diagnostic("FG0020").WithLocation(0).WithLocation(1).WithArguments(
                "'Ring.Post' is signalled after waiting on 'Ring.Done' (Test0.cs line 11) → 'Ring.Done' is signalled after waiting on 'Ring.Post' (Test0.cs line 19)"));
    }

    [Fact]
    public async Task CallbackKeptInALocal_ClosesTheCycleAsAPassedOneDoes()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Ring
            {
                Fence _a = null!, _b = null!;

                void Arm()
                {
                    Action<Fence> relay = f => _a.Signal();
                    _b.{|#0:AddCallback|}(relay);
                }

                void Back()
                {
                    _a.{|#1:Wait|}();
                    _b.Signal();
                }
            }
            """,
            Verify.Diagnostic("FG0020").WithLocation(0).WithLocation(1).WithArguments(
                "'Ring._a' is signalled from a callback of 'Ring._b' (Test0.cs line 9) → 'Ring._b' is signalled after waiting on 'Ring._a' (Test0.cs line 14)"));
    }

    [Fact]
    public async Task ParametersBindToArguments_SoAHelperWaitingOnItsParameter_WaitsOnTheCallersFence()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            static class Sync
            {
                public static void WaitFor(Fence fence) => fence.Wait();
                public static void Complete(Fence fence) => fence.Signal();
            }
            class Ring
            {
                Fence _post = null!, _done = null!;

                void Submit()
                {
                    Sync.{|#0:WaitFor|}(_done);
                    Sync.Complete(_post);
                }

                void Retire()
                {
                    Sync.{|#1:WaitFor|}(_post);
                    Sync.Complete(_done);
                }

                void Unrelated(Fence other)
                {
                    Sync.WaitFor(other);          // a parameter of its own: no identity at this level
                    Sync.Complete(_post);
                }
            }
            """,
            Verify.Diagnostic("FG0020").WithLocation(0).WithLocation(1).WithArguments(
                "'Ring._post' is signalled after waiting on 'Ring._done' (Test0.cs line 13) → 'Ring._done' is signalled after waiting on 'Ring._post' (Test0.cs line 19)"));
    }

    [Fact]
    public async Task CallbackAndWait_CloseACycle()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Chain
            {
                Fence _a = null!, _b = null!;

                void Arm()
                {
                    _a.{|#0:AddCallback|}(_ => _b.Signal());   // b is signalled from a's callback
                }

                async Task FinishAsync()
                {
                    {|#1:await _b|};                            // a is signalled after b
                    _a.Signal();
                }
            }
            """,
            Verify.Diagnostic("FG0020").WithLocation(0).WithLocation(1).WithArguments(
                "'Chain._b' is signalled from a callback of 'Chain._a' (Test0.cs line 8) → 'Chain._a' is signalled after waiting on 'Chain._b' (Test0.cs line 13)"));
    }

    [Fact]
    public async Task LockHeldWhileWaiting_AndTakenBeforeSignalling_OutsideSections_IsACycleThroughTheLock()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Queue
            {
                readonly object _gate = new();
                readonly SemaphoreSlim _slots = new(1);
                Fence _idle = null!;

                void Drain()
                {
                    Monitor.Enter(_gate);
                    try
                    {
                        _idle.{|#0:Wait|}();            // held while waiting on _idle
                    }
                    finally
                    {
                        Monitor.Exit(_gate);
                    }
                }

                void Complete()
                {
                    {|#1:lock|} (_gate)                // _idle's signaller needs _gate
                    {
                        _idle.Signal();
                    }
                }

                async Task ReleasedBeforeWaitingAsync()
                {
                    await _slots.WaitAsync();
                    _slots.Release();
                    await _idle;                       // not held any more: no edge
                }
            }
            """,
            Verify.Diagnostic("FG0020").WithLocation(0).WithLocation(1).WithArguments(
                "'Queue._gate' is held while waiting on 'Queue._idle' (Test0.cs line 13) → 'Queue._idle' is signalled after taking 'Queue._gate' (Test0.cs line 23)"));
    }

    [Fact]
    public async Task SignalBeforeWait_ChainsWithoutCycles_AndOneFieldOnTwoInstances_AreNotReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Stage
            {
                Fence _done = null!;
                Stage _previous = null!;
                Fence _a = null!, _b = null!, _c = null!;

                void Run()
                {
                    _previous._done.Wait();     // the previous stage's fence: same field, another instance
                    _done.Signal();
                }

                void SignalsFirst()
                {
                    _a.Signal();                // signalled before the wait: a does not depend on b
                    _b.Wait();
                }

                void Other()
                {
                    _a.Wait();
                    _b.Signal();                // b depends on a, a depends on nothing
                }

                void Chain()
                {
                    _b.Wait();
                    _c.Signal();                // c → b → a: no cycle
                }
            }
            """);
    }

    [Fact]
    public async Task MutualRecursion_AndGenericHelpers_ReachAFixpoint()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Pump
            {
                Fence _x = null!, _y = null!;

                void Ping(Fence wait, Fence signal, int depth)
                {
                    if (depth > 0) { Pong(wait, signal, depth - 1); return; }
                    Await(wait);
                    signal.Signal();
                }

                void Pong(Fence wait, Fence signal, int depth) => Ping(wait, signal, depth);

                static void Await<T>(T fence) where T : Fence => fence.Wait();

                void Start()
                {
                    {|#0:Ping|}(_x, _y, 3);
                    {|#1:Pong|}(_y, _x, 3);
                }
            }
            """,
            Verify.Diagnostic("FG0020").WithLocation(0).WithLocation(1).WithArguments(
                "'Pump._y' is signalled after waiting on 'Pump._x' (Test0.cs line 19) → 'Pump._x' is signalled after waiting on 'Pump._y' (Test0.cs line 20)"));
    }

    [Fact]
    public async Task InterfaceCalls_DispatchToTheImplementationsInTheCompilation()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            interface IStage { void Run(Fence input, Fence output); }
            sealed class CopyStage : IStage
            {
                public void Run(Fence input, Fence output) { input.Wait(); output.Signal(); }
            }
            abstract class Base { public abstract void Step(); }
            sealed class Derived : Base
            {
                public static Fence In = null!, Out = null!;
                public override void Step() { Out.{|#1:Wait|}(); In.Signal(); }
            }
            class Graph
            {
                void Wire(IStage stage, Base step)
                {
                    stage.{|#0:Run|}(Derived.In, Derived.Out);   // Out after In, through the interface
                    step.Step();                                  // In after Out, through the override
                }
            }
            """,
            Verify.Diagnostic("FG0020").WithLocation(1).WithLocation(0).WithArguments(
                "'Derived.In' is signalled after waiting on 'Derived.Out' (Test0.cs line 11) → 'Derived.Out' is signalled after waiting on 'Derived.In' (Test0.cs line 17)"));
    }

    [Fact]
    public async Task ACycleAcrossFilesAndPartialClasses_IsReportedOnce_InTheFirstFile()
    {
        await Verify.VerifyAnalyzerAsync(new[]
            {
                ("A.cs", Usings + """
                    partial class Device
                    {
                        Fence _upload = null!;
                        void Upload() { Wait(_present); _upload.Signal(); }
                    }
                    """),
                ("B.cs", Usings + """
                    partial class Device
                    {
                        Fence _present = null!;
                        void Present() { Wait(_upload); _present.Signal(); }
                        static void Wait(Fence f) => f.Wait();
                    }
                    """),
            },
            Verify.Diagnostic("FG0020").WithSpan("A.cs", 5, 21, 5, 25).WithSpan("B.cs", 5, 22, 5, 26).WithArguments(
                "'Device._upload' is signalled after waiting on 'Device._present' (A.cs line 5) → 'Device._present' is signalled after waiting on 'Device._upload' (B.cs line 5)"));
    }

    [Fact]
    public async Task LocalFunctions_AndReservationObjects_ContributeEdges()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Buffer
            {
                ReservationObject _resv = new();
                Fence _render = null!;

                void Render()
                {
                    Publish();
                    void Publish()
                    {
                        using (_resv.Lock())
                        {
                            _resv.ReserveSlots(1);
                            _resv.{|#0:AddFence|}(_render, FenceUsage.Write);     // waiting on _resv waits on _render
                        }
                    }
                }

                void Finish()
                {
                    _resv.{|#1:Wait|}(FenceUsage.Read, TimeSpan.FromSeconds(1));
                    _render.Signal();                                         // _render after the reservation's fences
                }
            }
            """,
            Verify.Diagnostic("FG0020").WithLocation(0).WithLocation(1).WithArguments(
                "'Buffer._resv' holds 'Buffer._render' (Test0.cs line 15) → 'Buffer._render' is signalled after waiting on 'Buffer._resv' (Test0.cs line 22)"));
    }

    [Fact]
    public async Task CallbackChainsWithoutCycles_AndLocksNeverHeldWhileWaiting_AreNotReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Pipeline
            {
                readonly object _gate = new();
                Fence _a = null!, _b = null!, _c = null!;

                void Arm()
                {
                    _a.AddCallback(_ => _b.Signal());     // b after a
                    _b.AddCallback(_ => _c.Signal());     // c after b: a chain, no way back
                }

                void Complete()
                {
                    lock (_gate) { _a.Signal(); }         // a's signaller takes _gate...
                }

                void Wait()
                {
                    lock (_gate) { }                      // ...but nobody holds _gate while waiting
                    _c.Wait();
                }
            }
            """);
    }

    [Fact]
    public async Task EveryReservationLockIsOneClass_SoTwoObjectsCanCloseACycle()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Buffers
            {
                ReservationObject _vertices = new(), _textures = new();
                Fence _upload = null!;

                void Evict()
                {
                    using (_vertices.Lock())
                    {
                        _upload.{|#0:Wait|}();                 // the reservation class is held while waiting
                    }
                }

                void Upload()
                {
                    using (_textures.{|#1:Lock|}())           // another object, the same lock class
                    {
                        _upload.Signal();
                    }
                }
            }
            """,
            Verify.Diagnostic("FG0020").WithLocation(0).WithLocation(1).WithArguments(
                "the reservation lock class (every ReservationObject) is held while waiting on 'Buffers._upload' (Test0.cs line 11) → 'Buffers._upload' is signalled after taking the reservation lock class (every ReservationObject) (Test0.cs line 17)"));
    }

    [Fact]
    public async Task ACallbackLambdaThatSignalsThroughAHelper_AndAMethodGroupCallback_AreFollowed_Deterministically()
    {
        for (int run = 0; run < 5; run++)
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Chain
                {
                    Fence _a = null!, _b = null!, _c = null!, _d = null!;

                    void Arm() => _a.{|#0:AddCallback|}(_ => Complete());   // _b is signalled from a's callback, through Complete
                    void Complete() => _b.Signal();
                    void Other() { _b.{|#1:Wait|}(); _a.Signal(); }

                    void ArmGroup() => _c.{|#2:AddCallback|}(OnC);           // a method group of this type
                    void OnC(Fence f) => _d.Signal();
                    void More() { _d.{|#3:Wait|}(); _c.Signal(); }
                }
                """,
                Verify.Diagnostic("FG0020").WithLocation(0).WithLocation(1).WithArguments(
                    "'Chain._b' is signalled from a callback of 'Chain._a' (Test0.cs line 6) → 'Chain._a' is signalled after waiting on 'Chain._b' (Test0.cs line 8)"),
                Verify.Diagnostic("FG0020").WithLocation(2).WithLocation(3).WithArguments(
                    "'Chain._d' is signalled from a callback of 'Chain._c' (Test0.cs line 10) → 'Chain._c' is signalled after waiting on 'Chain._d' (Test0.cs line 12)"));
        }
    }

    [Fact]
    public async Task CycleThatClosesThroughADelegateField_IsReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Stage
            {
                static Fence _a = null!, _b = null!;
                readonly Action _drain = () => _b.Wait();

                void Forward()
                {
                    {|#0:_drain|}();
                    _a.Signal();
                }

                void Back()
                {
                    _a.{|#1:Wait|}();
                    _b.Signal();
                }
            }
            """,
            Verify.Diagnostic("FG0020").WithLocation(0).WithLocation(1).WithArguments(
                "'Stage._a' is signalled after waiting on 'Stage._b' (Test0.cs line 9) → 'Stage._b' is signalled after waiting on 'Stage._a' (Test0.cs line 15)"));
    }

    [Fact]
    public async Task DelegateFieldThatIsOnlyStored_ClosesNoCycle()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Stage
            {
                static Fence _a = null!, _b = null!;
                readonly Action _drain = () => _b.Wait();
                Action _kept = null!;

                void Forward()
                {
                    _kept = _drain;      // stored, never invoked here
                    _a.Signal();
                }

                void Back()
                {
                    _a.Wait();
                    _b.Signal();
                }
            }
            """);
    }

    [Fact]
    public async Task CallbackKeptInAField_ClosesTheCycleAsAPassedOneDoes()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Ring
            {
                static Fence _a = null!, _b = null!;
                readonly Action<Fence> _relay = f => _a.Signal();

                void Arm() => _b.{|#0:AddCallback|}(_relay);

                void Back()
                {
                    _a.{|#1:Wait|}();
                    _b.Signal();
                }
            }
            """,
            Verify.Diagnostic("FG0020").WithLocation(0).WithLocation(1).WithArguments(
                "'Ring._a' is signalled from a callback of 'Ring._b' (Test0.cs line 7) → 'Ring._b' is signalled after waiting on 'Ring._a' (Test0.cs line 11)"));
    }

    [Fact]
    public async Task CycleWhoseWaitAndSignalAreBothInDelegates_IsReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Stage
            {
                static Fence _a = null!, _b = null!;
                readonly Action _drain = () => _b.Wait();
                readonly Action _publish;

                Stage() { _publish = Publish; }

                static void Publish() => _a.Signal();

                void Forward()                 // names no fence: only its delegates order _b before _a
                {
                    {|#0:_drain|}();
                    _publish();
                }

                void Back()
                {
                    _a.{|#1:Wait|}();
                    _b.Signal();
                }
            }
            """,
            Verify.Diagnostic("FG0020").WithLocation(0).WithLocation(1).WithArguments(
                "'Stage._a' is signalled after waiting on 'Stage._b' (Test0.cs line 14) → 'Stage._b' is signalled after waiting on 'Stage._a' (Test0.cs line 20)"));
    }
}
