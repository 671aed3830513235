using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using FenceGuard.Internal;

namespace FenceGuard
{
    /// <summary>
    /// An indefinite fence controlled by user code (a future fence, a proxy fence, a user-space or long-running
    /// compute fence). It makes <b>no</b> bounded-time promise, so it is a separate type and never a
    /// <see cref="Fence"/>: a bounded fence must never depend on it. User fences may depend on bounded fences, never
    /// the other way round.
    /// </summary>
    /// <remarks>
    /// Its callbacks run on the signalling thread but not inside a signalling section (a user fence has no bounded
    /// signaller to protect). Waiting on it from a signalling section is reported by the validator like any fence wait.
    /// </remarks>
    public sealed class UserFence
    {
        private Completion _completion;

        /// <summary>Creates a pending user fence.</summary>
        /// <param name="name">A name for diagnostics.</param>
        public UserFence(string name)
        {
            if (name is null)
            {
                throw new ArgumentNullException(nameof(name));
            }

            if (name.Length == 0)
            {
                throw new ArgumentException("A user fence needs a non-empty name.", nameof(name));
            }

            Name = name;
        }

        /// <summary>The fence's name.</summary>
        public string Name { get; }

        /// <summary>Whether the fence has signalled.</summary>
        public bool IsSignalled => _completion.IsSignalled;

        /// <summary>Signals the fence, wakes waiters and runs callbacks on this thread.</summary>
        /// <returns>True when this call signalled it; false when it was already signalled.</returns>
        /// <exception cref="AggregateException">One or more callbacks threw; all of them ran and the fence is signalled.</exception>
        public bool Signal()
        {
            if (!_completion.TryClaim())
            {
                return false;
            }

            _completion.Publish();
            Completion.Run(_completion.Seal(), sectionOrigin: null);
            return true;
        }

        /// <summary>Blocks until the fence signals, the timeout passes, or the token is cancelled.</summary>
        /// <returns>True when signalled; false on timeout. A timeout does not make a user fence bounded.</returns>
        public bool Wait(TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            FenceValidation.CheckNotInSection(FenceViolationKind.WaitInSignallingSection, "UserFence.Wait");
            return _completion.Wait(this, timeout, cancellationToken);
        }

        /// <summary>Waits asynchronously until the fence signals or the token is cancelled.</summary>
        public Task WaitAsync(CancellationToken cancellationToken = default)
        {
            FenceValidation.CheckNotInSection(FenceViolationKind.WaitInSignallingSection, "UserFence.WaitAsync");
            return _completion.WaitAsync(this, Timeout.InfiniteTimeSpan, cancellationToken);
        }

        /// <summary>Waits asynchronously with a timeout; the result is false on timeout.</summary>
        public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            FenceValidation.CheckNotInSection(FenceViolationKind.WaitInSignallingSection, "UserFence.WaitAsync");
            return _completion.WaitAsync(this, timeout, cancellationToken);
        }

        /// <summary>Makes <c>await userFence</c> work.</summary>
        public TaskAwaiter GetAwaiter()
        {
            FenceValidation.CheckNotInSection(FenceViolationKind.WaitInSignallingSection, "await of a UserFence");
            return ((Task)_completion.WaitAsync(this, Timeout.InfiniteTimeSpan, CancellationToken.None)).GetAwaiter();
        }

        /// <summary>Registers a callback; as for <see cref="Fence.AddCallback"/>, it is not run when the fence has already signalled.</summary>
        [MayAllocate]
        public FenceCallback AddCallback(Action<UserFence> callback)
        {
            if (callback is null)
            {
                throw new ArgumentNullException(nameof(callback));
            }

            FenceValidation.MightAllocate();
            var node = new FenceCallback(this, callback, null);
            _completion.TryAdd(node);
            return node;
        }

        /// <summary>Removes a callback before it runs; false when it already ran, is running or was removed.</summary>
        public bool RemoveCallback(FenceCallback registration)
        {
            if (registration is null)
            {
                throw new ArgumentNullException(nameof(registration));
            }

            if (!ReferenceEquals(registration.Owner, this))
            {
                throw new ArgumentException("The registration belongs to another fence.", nameof(registration));
            }

            return _completion.TryRemove(registration);
        }

        /// <inheritdoc />
        public override string ToString() => $"user fence '{Name}' ({(IsSignalled ? "signalled" : "pending")})";
    }
}
