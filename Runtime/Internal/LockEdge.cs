namespace FenceGuard.Internal
{
    /// <summary>One known ordering of the lock-class graph: <see cref="Held"/> was held while <see cref="Acquired"/> was taken.</summary>
    internal sealed class LockEdge
    {
        internal LockEdge(int held, int acquired, string firstSeen)
        {
            Held = held;
            Acquired = acquired;
            FirstSeen = firstSeen;
        }

        internal int Held { get; }

        internal int Acquired { get; }

        /// <summary>Where it was first seen: "on thread 7 at: (stack)", or that it was primed.</summary>
        internal string FirstSeen { get; }
    }
}
