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
    }
}
