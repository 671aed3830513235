using System;

namespace FenceGuard
{
    /// <summary>A held <see cref="FenceLock"/>; dispose it exactly once to release the lock.</summary>
    public readonly struct FenceLockScope : IDisposable
    {
        private readonly long _generation;

        internal FenceLockScope(FenceLock owner, long generation)
        {
            Owner = owner;
            _generation = generation;
        }

        /// <summary>The held lock.</summary>
        public FenceLock? Owner { get; }

        /// <summary>Releases the lock.</summary>
        /// <exception cref="InvalidOperationException">Released twice, or not returned by <see cref="FenceLock.Acquire"/>.</exception>
        public void Dispose()
        {
            if (Owner is null)
            {
                throw new InvalidOperationException("This FenceLockScope was not returned by FenceLock.Acquire().");
            }

            Owner.Release(_generation);
        }
    }
}
