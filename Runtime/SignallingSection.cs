using System;
using FenceGuard.Internal;

namespace FenceGuard
{
    /// <summary>
    /// An open fence signalling section (the kernel's <c>dma_fence_begin_signalling</c> cookie), returned by
    /// <see cref="Fence.BeginSignalling"/>. End it with <see cref="Fence.EndSignalling"/> or <see cref="Dispose"/>:
    /// <c>using (Fence.BeginSignalling()) { ... }</c>.
    /// </summary>
    /// <remarks>
    /// Sections are per thread and nest. End each one exactly once, on the thread that began it, innermost first;
    /// the validator (<see cref="FenceValidation"/>) reports anything else. Do not copy or store the value: a copy
    /// that is ended a second time is reported as an unbalanced end.
    /// </remarks>
    public readonly struct SignallingSection : IDisposable, IEquatable<SignallingSection>
    {
        internal SignallingSection(SectionStack owner, int index, long generation)
        {
            Owner = owner;
            Index = index;
            Generation = generation;
        }

        internal SectionStack? Owner { get; }

        internal int Index { get; }

        internal long Generation { get; }

        /// <summary>The nesting depth of this section on its thread: 1 for an outermost section.</summary>
        public int Depth => Owner is null ? 0 : Index + 1;

        /// <summary>Ends the section; the same as <see cref="Fence.EndSignalling(SignallingSection)"/>.</summary>
        public void Dispose() => SectionStack.End(this);

        /// <inheritdoc />
        public bool Equals(SignallingSection other) =>
            ReferenceEquals(Owner, other.Owner) && Index == other.Index && Generation == other.Generation;

        /// <inheritdoc />
        public override bool Equals(object? obj) => obj is SignallingSection other && Equals(other);

        /// <inheritdoc />
        public override int GetHashCode() => unchecked((int)Generation * 31 + Index);

        /// <summary>Whether two values denote the same section.</summary>
        public static bool operator ==(SignallingSection left, SignallingSection right) => left.Equals(right);

        /// <summary>Whether two values denote different sections.</summary>
        public static bool operator !=(SignallingSection left, SignallingSection right) => !left.Equals(right);
    }
}
