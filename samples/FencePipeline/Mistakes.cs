// Deliberate mistakes: building this sample shows each FenceGuard rule firing on one of them.
// Nothing here is called by Program.Main except where noted; each method shows one rule.
using System;
using System.Threading;
using System.Threading.Tasks;
using FenceGuard;

namespace FencePipeline;

internal static class Mistakes
{
    /// <summary>FG0003: the completion path waits on another engine's fence before signalling its own.</summary>
    public static void RetireAfterCopy(Fence copyDone, Fence jobDone)
    {
        using (Fence.BeginSignalling())
        {
            copyDone.Wait(TimeSpan.FromSeconds(1)); // FG0003: wait before the section instead
            jobDone.Signal();
        }
    }

    /// <summary>FG0004: the interrupt handler polls with a sleep and blocks on a task.</summary>
    [SignallingPath]
    public static void CompletionInterrupt(Fence done, Task flushLog)
    {
        Thread.Sleep(1);   // FG0004
        flushLog.Wait();   // FG0004
        done.Signal();
    }

    /// <summary>
    /// FG0001 across projects: Kit's Describe allocates (through its private Format), which Kit's build recorded beside
    /// its DLL; the call is reported here, with the chain into Kit. Kit's Key is pure and is not reported.
    /// </summary>
    public static ulong RetireWithLog(Fence done)
    {
        using (Fence.BeginSignalling())
        {
            ulong key = Kit.Telemetry.Key(done);
            _ = Kit.Telemetry.Describe(done); // FG0001: describe the fence before the section
            done.Signal();
            return key;
        }
    }

    /// <summary>FG0007: an await inside the section leaves it open on this thread while the method continues elsewhere.</summary>
    public static async Task CompleteAsync(Fence done, Task upload)
    {
        using (Fence.BeginSignalling())
        {
            await upload;  // FG0007: await before the section
            done.Signal();
        }
    }

    /// <summary>FG0001: the completion path formats a log line and grows a list while signalling.</summary>
    [SignallingPath]
    public static void RetireAndLog(Fence done, System.Collections.Generic.List<string> log, ulong seqno)
    {
        log.Add($"retired {seqno}"); // FG0001 twice: the interpolated string, and List.Add may grow
        done.Signal();
    }

    /// <summary>FG0002: the completion path grabs a scratch buffer from a pool that may wait for the GPU.</summary>
    [SignallingPath]
    public static void RetireWithScratch(BufferPool pool, Fence done)
    {
        _ = pool.Acquire(); // FG0002: acquire before the section
        done.Signal();
    }

    /// <summary>FG0008: the fence is published into the buffer's reservation without a reserved slot.</summary>
    public static void Publish(ReservationObject buffer, Fence done)
    {
        using (buffer.Lock())
        using (Fence.BeginSignalling())
        {
            buffer.AddFence(done, FenceUsage.Write); // FG0008: ReserveSlots(1) before the section
        }
    }

    /// <summary>Commits a fence into a reservation object from the signalling path: its callers must have reserved the slot.</summary>
    [SignallingPath]
    public static void Commit(ReservationObject resv, Fence done) => resv.AddFence(done, FenceUsage.Write);

    /// <summary>FG0008 at a call: Commit adds to the buffer inside its section, and nothing here reserved a slot on it.</summary>
    public static void PublishThroughCommit(ReservationObject buffer, Fence done)
    {
        using (buffer.Lock())
        {
            Commit(buffer, done); // FG0008: buffer.ReserveSlots(1) before the call
        }
    }

    /// <summary>FG0006: if Signal throws (a callback failed), the section stays open on this thread.</summary>
    public static void RetireManually(Fence done)
    {
        var section = Fence.BeginSignalling(); // FG0006: use a using declaration
        done.Signal();
        Fence.EndSignalling(section);
    }

    /// <summary>FG0001 through calls: the completion path traces through two helpers, and the second one grows a list.</summary>
    public static void RetireTraced(Fence done, Tracer tracer)
    {
        using (Fence.BeginSignalling())
        {
            tracer.Record(done.Seqno); // FG0001: Record → Append: 'List.Add' (reported here, with every hop)
            done.Signal();
        }
    }

    /// <summary>FG0005: the retire path takes Stats.Gate, which Stats.Flush (another file) holds while waiting on a fence.</summary>
    [SignallingPath]
    public static void RetireCounted(Fence done)
    {
        lock (Stats.Gate) // FG0005: give the counter its own lock, or use Interlocked
        {
            Stats.Retired++;
        }

        done.Signal();
    }

    /// <summary>FG0010: a "proxy" bounded fence that completes when the user presents: it may never complete.</summary>
    public static void ProxyPresent(UserFence present, Fence proxy)
    {
        present.AddCallback(_ => proxy.Signal()); // FG0010: expose the UserFence instead of a bounded proxy
    }

    /// <summary>The corrected versions: no diagnostics.</summary>
    public static async Task CompleteCorrectlyAsync(Fence copyDone, Fence done, Task upload)
    {
        copyDone.Wait(TimeSpan.FromSeconds(1));
        await upload;
        using (Fence.BeginSignalling())
        {
            done.Signal();
        }
    }
}

/// <summary>A trace buffer whose Append allocates: fine outside signalling sections, not inside them.</summary>
internal sealed class Tracer
{
    private readonly System.Collections.Generic.List<ulong> _lines = new();

    public void Record(ulong seqno) => Append(seqno);

    private void Append(ulong seqno) => _lines.Add(seqno);
}

/// <summary>FG0030: an on-demand-memory compute job (it may stall on page faults) completes a bounded fence.</summary>
[RecoverableFaults]
internal sealed class SvmCompute
{
    public void Run(Fence done, UserFence progress)
    {
        progress.Signal(); // fine: a user fence makes no bounded-time promise
        done.Signal();     // FG0030: complete a UserFence instead
    }
}

/// <summary>
/// FG0004 through an event: raising Retired inside the [SignallingPath] method runs every handler subscribed in the
/// compilation, and the one Wiring.cs subscribes sleeps. Raise it after signalling, or queue the work.
/// </summary>
internal sealed class RetireEvents
{
    public event Action<ulong>? Retired;

    [SignallingPath]
    public void Retire(Fence done)
    {
        done.Signal();
        Retired?.Invoke(done.Seqno); // FG0004: Retired (the lambda at Wiring.cs line 14): 'Thread.Sleep'
    }
}

/// <summary>
/// FG0003 through a delegate policy: what to do on retire is the caller's choice, kept in a field; the policy Wiring.cs
/// passes waits on the copy engine's fence, so calling it inside the section waits there.
/// </summary>
internal sealed class RetirePolicy
{
    private readonly Action<Fence> _onRetire;

    public RetirePolicy(Action<Fence> onRetire) => _onRetire = onRetire;

    public void Retire(Fence done)
    {
        using (Fence.BeginSignalling())
        {
            _onRetire(done); // FG0003: _onRetire (the lambda at Wiring.cs line 20): 'Fence.Wait'
            done.Signal();
        }
    }
}
