using Verify = FenceGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.DependencyGraphAnalyzer>;

namespace FenceGuard.Analyzers.Tests;

public class FG0021CrossBoundaryCycleTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks; using FenceGuard;\n";

    [Fact]
    public async Task BoundedFenceSignalledFromAUserFence_ThatWaitsOnTheBoundedFence_IsFG0021()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Compositor
            {
                readonly UserFence _present = new("present");
                Fence _render = null!;

                void Arm() => _present.{|#0:AddCallback|}(_ => _render.Signal());

                void Present()
                {
                    _render.{|#1:Wait|}();
                    _present.Signal();
                }
            }
            """,
            Verify.Diagnostic("FG0021").WithLocation(0).WithLocation(1).WithArguments(
                "'Compositor._render' is signalled from a callback of 'Compositor._present' (Test0.cs line 7) → 'Compositor._present' is signalled after waiting on 'Compositor._render' (Test0.cs line 11)"));
    }

    [Fact]
    public async Task TaskCompletionSources_AreIndefiniteToo_ThroughCallsAndAwaits()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Bridge
            {
                readonly TaskCompletionSource<int> _reply = new();
                Fence _gpu = null!;

                async Task ForwardAsync()
                {
                    {|#0:await _reply.Task|};
                    _gpu.Signal();
                }

                void Answer()
                {
                    {|#1:WaitGpu|}();
                    _reply.SetResult(1);
                }

                void WaitGpu() => _gpu.Wait(TimeSpan.FromSeconds(5));   // a timeout does not make it bounded
            }
            """,
            Verify.Diagnostic("FG0021").WithLocation(0).WithLocation(1).WithArguments(
                "'Bridge._gpu' is signalled after waiting on 'Bridge._reply' (Test0.cs line 9) → 'Bridge._reply' is signalled after waiting on 'Bridge._gpu' (Test0.cs line 15)"));
    }

    [Fact]
    public async Task TaskSourceAwaiters_CloseCyclesAsTheirSourcesDo()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Bridge
            {
                readonly TaskCompletionSource<int> _reply = new();
                Fence _gpu = null!;

                void Forward()
                {
                    _reply.Task.ConfigureAwait(false).GetAwaiter().{|#0:OnCompleted|}(() => _gpu.Signal());
                }

                void Answer()
                {
                    _gpu.{|#1:Wait|}();
                    _reply.SetResult(1);
                }
            }
            """,
            Verify.Diagnostic("FG0021").WithLocation(0).WithLocation(1).WithArguments(
                "'Bridge._gpu' is signalled from a callback of 'Bridge._reply' (Test0.cs line 9) → 'Bridge._reply' is signalled after waiting on 'Bridge._gpu' (Test0.cs line 14)"));
    }

    [Fact]
    public async Task ConfiguredAwaitOfATaskSourceTask_IsAWaitOnItsSource()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Bridge
            {
                readonly TaskCompletionSource<int> _reply = new();
                Fence _gpu = null!;

                async Task ForwardAsync()
                {
                    {|#0:await _reply.Task.ConfigureAwait(false)|};
                    _gpu.Signal();
                }

                void Answer()
                {
                    _gpu.{|#1:Wait|}();
                    _reply.SetResult(1);
                }
            }
            """,
            Verify.Diagnostic("FG0021").WithLocation(0).WithLocation(1).WithArguments(
                "'Bridge._gpu' is signalled after waiting on 'Bridge._reply' (Test0.cs line 9) → 'Bridge._reply' is signalled after waiting on 'Bridge._gpu' (Test0.cs line 15)"));
    }

    [Fact]
    public async Task AUserFenceDependingOnBoundedFences_IsTheAllowedDirection_AndNotReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Compositor
            {
                readonly UserFence _present = new("present");
                Fence _render = null!, _scanout = null!;

                void Present()
                {
                    _render.Wait();
                    _present.Signal();             // user fence after a bounded fence: fine
                }

                void Scanout()
                {
                    _render.Wait();
                    _scanout.Signal();             // bounded after bounded, no way back
                }
            }
            """);
    }

    [Fact]
    public async Task AContinuationOfATaskCompletionSource_IsACallbackEdge_AcrossPartialClassesInTwoFiles()
    {
        await Verify.VerifyAnalyzerAsync(new[]
            {
                ("Bridge.cs", Usings + """
                    partial class Bridge
                    {
                        readonly TaskCompletionSource<bool> _acked = new();
                        void Arm() => _acked.Task.{|#0:ContinueWith|}(_ => _frame.Signal());
                    }
                    """),
                ("Frame.cs", Usings + """
                    partial class Bridge
                    {
                        Fence _frame = null!;
                        void Ack() { _frame.{|#1:Wait|}(); _acked.TrySetResult(true); }
                    }
                    """),
            },
            Verify.Diagnostic("FG0021").WithLocation(0).WithLocation(1).WithArguments(
                "'Bridge._frame' is signalled from a callback of 'Bridge._acked' (Bridge.cs line 5) → 'Bridge._acked' is signalled after waiting on 'Bridge._frame' (Frame.cs line 5)"));
    }
}
