using System;
using System.Threading;

namespace FenceGuard
{
    /// <summary>
    /// A point on a timeline built from a chain of fences (the kernel's <c>dma_fence_chain</c>, as used by timeline
    /// sync objects): the link signals when its own fence and every earlier link have signalled.
    /// </summary>
    /// <remarks>
    /// Links share the context of the first link and have increasing sequence numbers. Once a link has signalled it
    /// drops its reference to earlier links, so a long-lived chain does not keep every past point alive (the kernel
    /// garbage-collects signalled links the same way).
    /// </remarks>
    public sealed class FenceChain : Fence
    {
        private FenceChain? _previous;
        private int _pending;
        private Exception? _firstError;

        private FenceChain(FenceChain? previous, Fence fence, ulong seqno)
            : base(seqno)
        {
            ContainerContext = previous?.Context ?? FenceTimeline.AllocateContext();
            _previous = previous;
            Fence = fence;
            PreviousSeqno = previous?.Seqno ?? 0;
        }

        /// <summary>The fence this link adds to the chain.</summary>
        public Fence Fence { get; }

        /// <summary>The previous link, or null for the first link or once this link has signalled.</summary>
        public FenceChain? Previous => Volatile.Read(ref _previous);

        /// <summary>The sequence number of the previous link when this one was made (0 for the first).</summary>
        public ulong PreviousSeqno { get; }

        private protected override ulong ContainerContext { get; }

        private protected override string ContainerName => "fence-chain";

        /// <summary>
        /// Adds a point to a chain (the kernel's <c>dma_fence_chain_init</c>). Allocates: call it before a signalling section.
        /// </summary>
        /// <param name="previous">The current head of the chain, or null to start a new chain.</param>
        /// <param name="fence">The fence of the new point; not a <see cref="FenceChain"/> (chain through <paramref name="previous"/>).</param>
        /// <param name="seqno">The point's sequence number: greater than <paramref name="previous"/>'s.</param>
        [MayAllocate]
        public static FenceChain Link(FenceChain? previous, Fence fence, ulong seqno)
        {
            if (fence is null)
            {
                throw new ArgumentNullException(nameof(fence));
            }

            if (fence is FenceChain)
            {
                throw new ArgumentException("A chain link cannot contain another chain; chain through 'previous' instead.", nameof(fence));
            }

            if (previous is not null && seqno <= previous.Seqno)
            {
                throw new ArgumentOutOfRangeException(nameof(seqno), seqno,
                    $"A link's seqno must be greater than the previous link's ({previous.Seqno}).");
            }

            var link = new FenceChain(previous, fence, seqno);
            link.Arm();
            return link;
        }

        /// <summary>
        /// The link that signals when point <paramref name="seqno"/> of the chain is reached (the kernel's
        /// <c>dma_fence_chain_find_seqno</c>): the earliest link whose seqno is at least <paramref name="seqno"/>.
        /// </summary>
        /// <returns>That link, or null when the point has already signalled (there is nothing to wait for).</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="seqno"/> is beyond this link: not on the chain yet.</exception>
        public FenceChain? Find(ulong seqno)
        {
            if (seqno > Seqno)
            {
                throw new ArgumentOutOfRangeException(nameof(seqno), seqno, $"Point {seqno} is not on the chain yet (its head is {Seqno}).");
            }

            FenceChain link = this;
            while (link.Previous is { } previous && previous.Seqno >= seqno)
            {
                link = previous;
            }

            return link.IsSignalled ? null : link;
        }

        private protected override void OnSignalled() => Volatile.Write(ref _previous, null);

        private void Arm()
        {
            FenceChain? previous = _previous;
            _pending = (previous is null ? 1 : 2) + 1;
            if (!Fence.AddInternalCallback(static (part, link) => ((FenceChain)link!).OnPartSignalled((Fence)part), this).IsRegistered)
            {
                OnPartSignalled(Fence);
            }

            if (previous is not null &&
                !previous.AddInternalCallback(static (part, link) => ((FenceChain)link!).OnPartSignalled((Fence)part), this).IsRegistered)
            {
                OnPartSignalled(previous);
            }

            Release();
        }

        private void OnPartSignalled(Fence part)
        {
            if (part.Error is { } error)
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
