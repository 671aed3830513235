using System;

namespace FenceGuard
{
    /// <summary>
    /// A callback registered with <see cref="Fence.AddCallback(Action{Fence})"/> or
    /// <see cref="UserFence.AddCallback(Action{UserFence})"/>; pass it to <c>RemoveCallback</c> to cancel it.
    /// </summary>
    /// <remarks>
    /// As with the kernel's <c>dma_fence_add_callback</c>, adding a callback to a fence that is already
    /// signalled does <b>not</b> run it: the returned registration has <see cref="IsRegistered"/> false
    /// (the kernel returns <c>-ENOENT</c>) and the caller decides what to do.
    /// </remarks>
    public sealed class FenceCallback
    {
        private readonly Delegate? _callback;
        private readonly object? _state;

        internal FenceCallback(object owner, Delegate? callback, object? state)
        {
            Owner = owner;
            _callback = callback;
            _state = state;
        }

        /// <summary>The fence (a <see cref="Fence"/> or a <see cref="UserFence"/>) this callback was added to.</summary>
        public object Owner { get; }

        /// <summary>
        /// True when the callback was registered and will run when the fence signals (unless removed);
        /// false when the fence was already signalled at registration, in which case it never runs.
        /// </summary>
        public bool IsRegistered { get; internal set; }

        // Intrusive list links, guarded by the owning CallbackList's lock.
        internal FenceCallback? Next;
        internal FenceCallback? Previous;
        internal Internal.CallbackList? List;

        internal void Invoke()
        {
            switch (_callback)
            {
                case Action<Fence> onFence:
                    onFence((Fence)Owner);
                    break;
                case Action<UserFence> onUserFence:
                    onUserFence((UserFence)Owner);
                    break;
                case Action<object, object?> onInternal:
                    onInternal(Owner, _state);
                    break;
            }
        }
    }
}
