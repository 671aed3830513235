using Verify = FenceGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.DependencyGraphAnalyzer>;

namespace FenceGuard.Analyzers.Tests;

public class FG0005LockInversionTests
{
    private const string Usings = "using System; using System.Threading; using FenceGuard;\n";

    [Fact]
    public async Task LockTakenInASection_AndHeldElsewhereWhileWaiting_IsReported_WithTheHolderAsAdditionalLocation()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Scheduler
            {
                readonly object _gate = new();
                Fence _previous = null!;

                void Submit()
                {
                    {|#2:lock|} (_gate)
                    {
                        _previous.Wait();            // holds _gate while waiting on a fence
                    }
                }

                void OnInterrupt(Fence done)
                {
                    using ({|#1:Fence.BeginSignalling()|})
                    {
                        {|#0:lock|} (_gate)
                        {
                            done.Signal();
                        }
                    }
                }
            }
            """,
            Verify.Diagnostic("FG0005").WithLocation(0).WithLocation(1).WithLocation(2).WithArguments(
                "'lock (_gate)' takes 'Scheduler._gate'", "the signalling section opened at line 17", "'Fence.Wait' at line 11"));
    }

    [Fact]
    public async Task FenceLockTakenInASection_AndHeldElsewhereWhileWaiting_IsReported_AsTheValidatorReportsIt()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Scheduler
            {
                readonly FenceLock _gate = new("Scheduler.Gate");
                Fence _previous = null!;

                void Submit()
                {
                    using (_gate.{|#2:Acquire|}())
                    {
                        _previous.Wait();
                    }
                }

                void OnInterrupt(Fence done)
                {
                    using ({|#1:Fence.BeginSignalling()|})
                    using (_gate.{|#0:Acquire|}())
                    {
                        done.Signal();
                    }
                }
            }
            """,
            Verify.Diagnostic("FG0005").WithLocation(0).WithLocation(1).WithLocation(2).WithArguments(
                "'_gate.Acquire()' takes 'Scheduler._gate'", "the signalling section opened at line 17", "'Fence.Wait' at line 11"));
    }

    [Fact]
    public async Task FenceLockHeldOverAWait_ThatNoSectionTakes_IsNotReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Scheduler
            {
                readonly FenceLock _gate = new("Scheduler.Gate");
                Fence _previous = null!;

                void Submit()
                {
                    var held = _gate.Acquire();
                    _previous.Wait();
                    held.Dispose();
                }

                void OnInterrupt(Fence done)
                {
                    using (Fence.BeginSignalling())
                    {
                        done.Signal();
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task LockClassesAreFieldsNotInstances_AndReservationLocksAreOneClass()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Buffer { public readonly object Gate = new(); }
            class Pool
            {
                [MayReclaim] public void Shrink() { }
            }
            class C
            {
                Pool _pool = new();

                void Holder(Buffer a, ReservationObject r, Fence f)
                {
                    lock (a.Gate) { _pool.Shrink(); }                    // any instance's Gate, around a reclaim
                    using (r.Lock()) { r.Wait(FenceUsage.Write, TimeSpan.Zero); }
                }

                [SignallingPath]
                void Signaller(Buffer other, ReservationObject anotherBuffer)
                {
                    {|FG0005:lock|} (other.Gate) { }
                    using (anotherBuffer.{|FG0005:Lock|}()) { }
                    Monitor.{|FG0005:Enter|}(other.Gate);
                    Monitor.Exit(other.Gate);
                }
            }
            """);
    }

    [Fact]
    public async Task HoldingThroughCalls_Counts()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                static readonly object Gate = new();
                Fence _f = null!;
                void Sync() => _f.Wait();
                void Holder() { lock (Gate) { Sync(); } }

                [SignallingPath]
                void Signaller() { {|FG0005:lock|} (Gate) { } }
            }
            """);
    }

    [Fact]
    public async Task LocksNeverHeldWhileWaiting_AndLocksOutsideSections_AreNotReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                readonly object _safe = new();
                readonly object _tainted = new();
                Fence _f = null!;

                void Counter() { lock (_safe) { int x = 1; x++; } }
                void Holder() { lock (_tainted) { _f.Wait(); } }
                void Deferred() { lock (_tainted) { Action later = () => _f.Wait(); } }   // the wait runs later, not under the lock

                [SignallingPath]
                void Signaller() { lock (_safe) { } }

                void NotASection() { lock (_tainted) { } }

                void LocalLock(Fence f)
                {
                    var local = new object();
                    lock (local) { f.Wait(); }
                    using (Fence.BeginSignalling()) { lock (local) { } }        // locals have no lock class
                }
            }
            """);
    }

    [Fact]
    public async Task LockTakenThroughACall_AndHeldViaMonitorAndSemaphores_IsReported_AndTheCycleIsNotReportedTwice()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            using System.Threading.Tasks;
            class Device
            {
                readonly object _gate = new();
                readonly SemaphoreSlim _queue = new(1);
                Fence _idle = null!;

                void Drain()
                {
                    Monitor.{|#2:Enter|}(_gate);
                    try { _idle.Wait(); }
                    finally { Monitor.Exit(_gate); }
                }

                async Task FlushAsync()
                {
                    await _queue.{|#4:WaitAsync|}();
                    try { await _idle; }
                    finally { _queue.Release(); }
                }

                void Log() { lock (_gate) { } }
                void Count() { _queue.Wait(); _queue.Release(); }

                void Complete()
                {
                    using ({|#1:Fence.BeginSignalling()|})
                    {
                        {|#0:Log|}();              // takes _gate through the call
                        {|#3:Count|}();            // takes _queue through the call
                        _idle.Signal();
                    }
                }
            }
            """,
            Verify.Diagnostic("FG0005").WithLocation(0).WithLocation(1).WithLocation(2).WithArguments(
                "the call to 'Log' (which takes it at Test0.cs line 23) takes 'Device._gate'", "the signalling section opened at line 28", "'Fence.Wait' at line 12"),
            Verify.Diagnostic("FG0005").WithLocation(3).WithLocation(1).WithLocation(4).WithArguments(
                "the call to 'Count' (which takes it at Test0.cs line 24) takes 'Device._queue'", "the signalling section opened at line 28", "'await' of a 'Fence' at line 19"));
    }

    [Fact]
    public async Task ReleasedBeforeWaiting_OrTakenAfterTheSection_IsNotReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Device
            {
                readonly object _gate = new();
                Fence _idle = null!;

                void Drain()
                {
                    Monitor.Enter(_gate);
                    Monitor.Exit(_gate);
                    _idle.Wait();                   // after the release
                }

                void Complete()
                {
                    using (Fence.BeginSignalling())
                    {
                        _idle.Signal();
                    }

                    lock (_gate) { }                // after the section
                }
            }
            """);
    }
}
