using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Facts
{
    /// <summary>
    /// The fence events of one method: body 0 is the method's own body, the others are the bodies of the lambdas and
    /// anonymous methods written in it (which run later, when invoked or called back, so they are ordered on their own).
    /// </summary>
    internal sealed class FenceEvents
    {
        public static readonly FenceEvents Empty = new FenceEvents();

        public List<List<FenceEvent>> Bodies { get; } = new List<List<FenceEvent>> { new List<FenceEvent>() };

        public bool IsEmpty => Bodies.Count == 1 && Bodies[0].Count == 0;

        /// <summary>
        /// Whether the method's code (its lambdas and local functions included) may open a signalling section:
        /// <c>Fence.BeginSignalling</c>, <c>Fence.AddCallback</c>, or a [SignallingPath] lambda or local function.
        /// Rules skip the section walk of bodies that cannot.
        /// </summary>
        public bool OpensSection { get; set; }

        /// <summary>Whether the method's code touches a <c>SignallingSection</c> value or begins or ends one (FG0006 looks only there).</summary>
        public bool MentionsSection { get; set; }

        /// <summary>Whether the method's code touches a <c>UserFence</c> or a <c>TaskCompletionSource</c> (FG0010 looks there, and at calls that wait on one).</summary>
        public bool MentionsIndefinite { get; set; }
    }
}
