// Where the handlers and policies of Mistakes.cs come from: FenceGuard follows a delegate to what the compilation
// stores in it, in any file, so the findings point at the raise and the call in Mistakes.cs and name these lambdas.
using System;
using System.Threading;
using FenceGuard;

namespace FencePipeline;

internal static class Wiring
{
    /// <summary>A log handler that throttles with a sleep: fine on a worker, not on the retire path.</summary>
    public static void Attach(RetireEvents events)
    {
        events.Retired += seqno => Thread.Sleep(1);
    }

    /// <summary>A retire policy that waits for the copy engine first: it belongs before the section, not in it.</summary>
    public static RetirePolicy WaitForCopies(Fence copyDone)
    {
        return new RetirePolicy(done => copyDone.Wait(TimeSpan.FromSeconds(1)));
    }
}
