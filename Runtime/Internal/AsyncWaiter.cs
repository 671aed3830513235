using System;
using System.Threading;
using System.Threading.Tasks;

namespace FenceGuard.Internal
{
    /// <summary>
    /// One asynchronous wait: a task completed by a fence callback, a timer or a cancellation token, whichever
    /// comes first. Continuations run asynchronously, never inline in the signaller's signalling section.
    /// </summary>
    internal sealed class AsyncWaiter : TaskCompletionSource<bool>
    {
        internal static readonly Task<bool> True = System.Threading.Tasks.Task.FromResult(true);
        internal static readonly Task<bool> False = System.Threading.Tasks.Task.FromResult(false);

        private readonly object _owner;
        private CancellationTokenRegistration _registration;
        private Timer? _timer;
        private CancellationToken _cancellationToken;

        internal AsyncWaiter(object owner)
            : base(TaskCreationOptions.RunContinuationsAsynchronously)
        {
            _owner = owner;
            Node = new FenceCallback(owner, (Action<object, object?>)OnSignalled, this);
        }

        internal FenceCallback Node { get; }

        internal static Task<bool> Canceled(CancellationToken cancellationToken)
        {
            var source = new TaskCompletionSource<bool>();
            source.TrySetCanceled(cancellationToken);
            return source.Task;
        }

        internal void Arm(int timeoutMs, CancellationToken cancellationToken)
        {
            _cancellationToken = cancellationToken;
            if (cancellationToken.CanBeCanceled)
            {
                _registration = cancellationToken.Register(static state =>
                {
                    var waiter = (AsyncWaiter)state!;
                    waiter.Detach();
                    waiter.TrySetCanceled(waiter._cancellationToken);
                }, this);
            }

            if (timeoutMs > 0)
            {
                _timer = new Timer(static state =>
                {
                    var waiter = (AsyncWaiter)state!;
                    waiter.Detach();
                    waiter.TrySetResult(false);
                }, this, timeoutMs, Timeout.Infinite);
            }

            if (Task.IsCompleted)
            {
                Cleanup();
            }
        }

        private static void OnSignalled(object owner, object? state)
        {
            var waiter = (AsyncWaiter)state!;
            if (waiter.TrySetResult(true))
            {
                waiter.Cleanup();
            }
        }

        private void Detach()
        {
            switch (_owner)
            {
                case Fence fence:
                    fence.RemoveCallback(Node);
                    break;
                case UserFence userFence:
                    userFence.RemoveCallback(Node);
                    break;
            }

            Cleanup();
        }

        private void Cleanup()
        {
            _timer?.Dispose();
            _registration.Dispose();
        }
    }
}
