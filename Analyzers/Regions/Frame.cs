using FenceGuard.Analyzers.Operations;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Regions
{
    /// <summary>
    /// One level of a body's structure, as the region walker saw it: a function, a block or a conditional. A fact's
    /// position is its frame and the index of the statement (or branch) it is in; the parent chain gives its position at
    /// every level up to its function. Orderings such as "after a wait, in the same block" are read from positions,
    /// without walking operations again. Frames keep no operation.
    /// </summary>
    internal sealed class Frame
    {
        public Frame(FrameKind kind, Frame? parent, int indexInParent, int function)
        {
            Kind = kind;
            Parent = parent;
            IndexInParent = indexInParent;
            Function = function;
        }

        public FrameKind Kind { get; }

        public Frame? Parent { get; }

        /// <summary>The index, in <see cref="Parent"/>, of the statement or branch this frame is part of.</summary>
        public int IndexInParent { get; }

        /// <summary>The function this frame belongs to (for a function frame, itself): 0 for the member's own body.</summary>
        public int Function { get; }

        /// <summary>For a lambda passed as a callback (<c>AddCallback</c>, <c>ContinueWith</c>): what it is registered on.</summary>
        public FenceSource? CallbackOf { get; set; }

        /// <summary>For a callback lambda: the lambda, where messages point at the registration.</summary>
        public Location? CallbackAt { get; set; }
    }
}
