using System;
using System.Collections.Generic;
using System.Threading;

namespace FenceGuard
{
    /// <summary>
    /// A fence that signals when all of its fences have signalled, or when any has (the kernel's
    /// <c>dma_fence_array</c>). Create it with <see cref="Fence.All"/> or <see cref="Fence.Any"/>.
    /// </summary>
    /// <remarks>
    /// The array signals in the context of the part that completes it, inside that part's callback section. Its
    /// error is the first error among its parts (for <see cref="Fence.Any"/>, the error of the part that signalled).
    /// Each array gets a context of its own and sequence number 1.
    /// </remarks>
    public sealed class FenceArray : Fence
    {
        private readonly Fence[] _fences;
        private int _pending;
        private Exception? _firstError;

        internal FenceArray(Fence[] fences, bool signalOnAny)
            : base(1)
        {
            ContainerContext = FenceTimeline.AllocateContext();
            if (fences is null)
            {
                throw new ArgumentNullException(nameof(fences));
            }

            if (signalOnAny && fences.Length == 0)
            {
                throw new ArgumentException("Fence.Any needs at least one fence: an empty 'any' would never signal.", nameof(fences));
            }

            for (int i = 0; i < fences.Length; i++)
            {
                if (fences[i] is null)
                {
                    throw new ArgumentException($"fences[{i}] is null.", nameof(fences));
                }
            }

            _fences = (Fence[])fences.Clone();
            SignalOnAny = signalOnAny;

            // One extra count holds the array pending until every part is subscribed.
            _pending = signalOnAny ? 1 : _fences.Length + 1;
            foreach (Fence part in _fences)
            {
                if (!part.AddInternalCallback(static (part, array) => ((FenceArray)array!).OnPartSignalled((Fence)part), this).IsRegistered)
                {
                    OnPartSignalled(part);
                }
            }

            if (!signalOnAny)
            {
                Release();
            }
        }

        /// <summary>The fences of the array, in the order given.</summary>
        public IReadOnlyList<Fence> Fences => _fences;

        /// <summary>True for <see cref="Fence.Any"/>, false for <see cref="Fence.All"/>.</summary>
        public bool SignalOnAny { get; }

        private protected override ulong ContainerContext { get; }

        private protected override string ContainerName => SignalOnAny ? "fence-array-any" : "fence-array-all";

        private void OnPartSignalled(Fence part)
        {
            Exception? error = part.Error;
            if (SignalOnAny)
            {
                SignalUnordered(error);
                return;
            }

            if (error is not null)
            {
                Interlocked.CompareExchange(ref _firstError, error, null);
            }

            Release();
        }

        private void Release()
        {
            if (Interlocked.Decrement(ref _pending) == 0)
            {
                SignalUnordered(Volatile.Read(ref _firstError));
            }
        }
    }
}
