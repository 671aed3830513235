// Every runtime name of ../shared/SPEC.md ("Public API of the runtime"), used as a user would.
// This file only has to compile; Runtime.Tests exercises the behaviour.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using FenceGuard;

namespace FenceGuard.ApiSurface
{
    internal static class SpecNames
    {
        [SignallingPath]
        private static void SignallingPath() { }

        [MayReclaim]
        private static void Shrink() => Fence.MightReclaim();

        [MayAllocate]
        private static object Allocate() => new object();

        [RecoverableFaults]
        private sealed class FaultingWorkload { }

        [RecoverableFaults]
        private static void FaultingMethod() { }

        private sealed class Irq
        {
            [SignallingPath]
            public Irq() { }
        }

        private static void LocalFunctionsAndLambdas()
        {
            [SignallingPath]
            static void Retire() { }

            Action<Fence> onComplete = [SignallingPath] static (Fence f) => { };
            Retire();
            onComplete(Fence.Signalled);
            FaultingMethod();
            _ = new Irq();
        }

        internal static async Task UseEverything(CancellationToken ct)
        {
            var timeline = new FenceTimeline("gpu");
            string name = timeline.Name;
            ulong context = timeline.Context;
            ulong last = timeline.LastSignalledSeqno;
            Fence fence = timeline.CreateFence();

            ulong fenceContext = fence.Context;
            ulong seqno = fence.Seqno;
            string timelineName = fence.TimelineName;
            bool signalled = fence.IsSignalled;
            Exception? error = fence.Error;
            DateTimeOffset? timestamp = fence.Timestamp;

            FenceCallback registration = fence.AddCallback(static (Fence f) => { });
            bool removed = fence.RemoveCallback(registration);

            bool first = fence.Signal();
            bool again = fence.Signal(new InvalidOperationException("gpu hang"));
            bool done = fence.Wait(TimeSpan.FromSeconds(1), ct);
            fence.Wait(ct);
            fence.Wait();
            await fence.WaitAsync(ct);
            bool inTime = await fence.WaitAsync(TimeSpan.FromSeconds(1), ct);
            await fence;

            Fence stub = Fence.Signalled;
            SignallingSection section = Fence.BeginSignalling();
            bool inside = Fence.IsInSignallingSection;
            Fence.EndSignalling(section);
            using (Fence.BeginSignalling())
            {
            }

            if (!Fence.IsInSignallingSection)
            {
                Fence.MightWait();
            }

            FenceArray all = Fence.All(fence, stub);
            FenceArray any = Fence.Any(fence, stub);
            FenceChain head = FenceChain.Link(null, fence, 1);
            head = FenceChain.Link(head, stub, 2);
            FenceChain? point = head.Find(1);
            IEnumerable<Fence> leaves = Fence.Unwrap(all);

            FenceUsage usage = FenceUsage.Kernel;
            usage = FenceUsage.Write;
            usage = FenceUsage.Read;
            usage = FenceUsage.Bookkeep;

            var buffer = new ReservationObject();
            using (ReservationLock held = buffer.Lock())
            {
                buffer.ReserveSlots(1);
                buffer.AddFence(fence, usage);
            }

            IReadOnlyList<Fence> fences = buffer.GetFences(FenceUsage.Read);
            bool idle = buffer.TestSignalled(FenceUsage.Write);
            bool waited = buffer.Wait(FenceUsage.Bookkeep, TimeSpan.FromSeconds(1), ct);

            var user = new UserFence("present");
            bool userSignalled = user.IsSignalled;
            user.AddCallback(static (UserFence u) => { });
            user.Signal();
            bool userWaited = user.Wait(TimeSpan.FromSeconds(1), ct);
            await user.WaitAsync(ct);
            await user.WaitAsync(TimeSpan.FromSeconds(1), ct);
            await user;

            FenceValidationMode mode = FenceValidation.Mode;
            FenceValidation.Mode = FenceValidationMode.Off;
            FenceValidation.Mode = FenceValidationMode.Record;
            FenceValidation.Mode = FenceValidationMode.Throw;
            IReadOnlyList<FenceViolation> violations = FenceValidation.Violations;
            FenceValidation.Mode = mode;
            try
            {
                SignallingPath();
                LocalFunctionsAndLambdas();
                Shrink();
                _ = Allocate();
            }
            catch (FenceDeadlockException ex)
            {
                FenceViolation violation = ex.Violation;
                _ = violation.Kind;
            }

            GC.KeepAlive(new object[] { name, context, last, fenceContext, seqno, timelineName, signalled, error!, timestamp!, removed, first, again, done, inTime, inside, any, point!, leaves, fences, idle, waited, userSignalled, userWaited, violations, typeof(FaultingWorkload) });
        }
    }
}
