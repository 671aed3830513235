using Verify = FenceGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.SignallingSectionAnalyzer>;

namespace FenceGuard.Analyzers.Tests;

public class FG0004BlockingCallTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks; using FenceGuard;\n";

    [Fact]
    public async Task EveryListedBlockingCall_InsideASection_IsReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                [SignallingPath]
                void M(Task t, Task<int> ti, ValueTask<int> vt, Thread th, object gate, WaitHandle h, SemaphoreSlim s,
                       ManualResetEventSlim e, CountdownEvent c, Barrier b)
                {
                    t.{|FG0004:Wait|}();
                    t.{|FG0004:Wait|}(10);
                    Task.{|FG0004:WaitAll|}({|FG0001:t|});
                    Task.{|FG0004:WaitAny|}({|FG0001:t|});
                    _ = ti.{|FG0004:Result|};
                    _ = vt.{|FG0004:Result|};
                    t.GetAwaiter().{|FG0004:GetResult|}();
                    _ = ti.GetAwaiter().{|FG0004:GetResult|}();
                    t.ConfigureAwait(false).GetAwaiter().{|FG0004:GetResult|}();
                    Thread.{|FG0004:Sleep|}(1);
                    th.{|FG0004:Join|}();
                    Monitor.{|FG0004:Wait|}(gate);
                    h.{|FG0004:WaitOne|}();
                    WaitHandle.{|FG0004:WaitAll|}({|FG0001:new[] { h }|});
                    s.{|FG0004:Wait|}();
                    e.{|FG0004:Wait|}();
                    SpinWait.{|FG0004:SpinUntil|}(() => true);
                    c.{|FG0004:Wait|}();
                    b.{|FG0004:SignalAndWait|}();
                }
            }
            """);
    }

    [Fact]
    public async Task BoundedCollectionsParallelLoopsProcessesAndTheConsole_Block()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            using System.Collections.Concurrent;
            using System.Diagnostics;
            class C
            {
                [SignallingPath]
                void M(BlockingCollection<int> queue, Process process, ValueTask vt, ValueTask<int> vti, Action[] actions)
                {
                    _ = queue.{|FG0004:Take|}();
                    queue.{|FG0004:Add|}(1);
                    _ = queue.{|FG0004:GetConsumingEnumerable|}();
                    Parallel.{|FG0004:For|}(0, 4, i => { });
                    Parallel.{|FG0004:Invoke|}(actions);
                    process.{|FG0004:WaitForExit|}();
                    _ = Console.{|FG0004:ReadLine|}();
                    vt.ConfigureAwait(false).GetAwaiter().{|FG0004:GetResult|}();
                    _ = vti.ConfigureAwait(false).GetAwaiter().{|FG0004:GetResult|}();
                }
            }
            """);
    }

    [Fact]
    public async Task TryTakeAndTryAdd_BlockOnlyForATimeoutOtherThanZero()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            using System.Collections.Concurrent;
            class C
            {
                [SignallingPath]
                void M(BlockingCollection<int> queue, int wait)
                {
                    queue.{|FG0004:TryTake|}(out _, 100);
                    queue.{|FG0004:TryTake|}(out _, TimeSpan.FromSeconds(1));
                    queue.{|FG0004:TryAdd|}(1, wait);           // unknown: may wait
                    queue.TryTake(out _);                    // returns at once
                    queue.TryTake(out _, 0);
                    queue.TryAdd(1, TimeSpan.Zero);
                }
            }
            """);
    }

    [Fact]
    public async Task DerivedWaitHandles_AreReportedThroughTheBaseMember()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                void M(ManualResetEvent e, AutoResetEvent a)
                {
                    using (Fence.BeginSignalling())
                    {
                        e.{|FG0004:WaitOne|}();
                        a.{|FG0004:WaitOne|}(5);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task NonBlockingTwins_AndBlockingOutsideSections_AreNotReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                async Task M(Task t, Task<int> ti, SemaphoreSlim s, ManualResetEventSlim e, object gate)
                {
                    using (Fence.BeginSignalling())
                    {
                        _ = t.IsCompleted;
                        _ = s.WaitAsync();
                        e.Set();
                        Monitor.Pulse(gate);
                        Thread.Yield();
                        _ = Task.CompletedTask;
                    }

                    t.Wait();
                    _ = ti.Result;
                    Thread.Sleep(1);
                    await t;
                }
            }
            """);
    }

    [Fact]
    public async Task BlockingInsideACallback_IsReportedWithTheCallbackAsTheSection()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                void M(Fence f)
                {
                    f.AddCallback({|#1:_ => Thread.{|#0:Sleep|}(1)|});
                }
            }
            """,
            Verify.Diagnostic("FG0004").WithLocation(0).WithLocation(1)
                .WithArguments("'Thread.Sleep'", "the fence callback at line 6 (callbacks run in the signaller's context)"));
    }

    [Fact]
    public async Task UserBlockingMembers_FromEditorconfigAndAdditionalFile_AlsoThroughCalls()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class Device { public void Flush() { } public void Poke() { } }
                class Pipe { public int Read() => 0; }
                class C
                {
                    void Helper(Device d) => d.Flush();

                    [SignallingPath]
                    void M(Device d, Pipe p)
                    {
                        d.{|FG0004:Flush|}();
                        d.Poke();                              // not in any list
                        _ = p.{|FG0004:Read|}();
                        _ = Console.{|FG0004:ReadLine|}();     // a base-library member the user lists
                        {|FG0004:Helper|}(d);
                    }
                }
                """,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\nfenceguard.blocking_members = Device.Flush System.Console.ReadLine\n"));
        test.TestState.AdditionalFiles.Add(("FenceGuard.BlockingMembers.txt", "# reads wait for the other end\nPipe.Read\n"));
        await test.RunAsync();
    }
}
