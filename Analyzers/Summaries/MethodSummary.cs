using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FenceGuard.Analyzers.Operations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>What one method does when it runs, transitively: the first witness of each effect kind that matters through calls.</summary>
    internal sealed class MethodSummary
    {
        /// <summary>
        /// The effects summaries track, most serious first: those reported through calls inside sections (FG0030's
        /// workload call, FG0002, FG0003, FG0004, FG0001), then Signal and OpensSection (for FG0010 and FG0030).
        /// </summary>
        public static readonly EffectKind[] TransitiveKinds =
        {
            EffectKind.RecoverableFaults, EffectKind.Reclaim, EffectKind.FenceWait, EffectKind.Blocking, EffectKind.Allocation,
            EffectKind.Signal, EffectKind.OpensSection,
        };

        private Witness?[]? _witnesses;

        public static readonly MethodSummary Empty = new MethodSummary { _witnesses = new Witness?[TransitiveKinds.Length] };

        /// <summary>The first witness of an effect; only on summaries from <see cref="MethodSummaries.Get"/>, which computes them.</summary>
        public Witness? this[EffectKind kind] => _witnesses is { } witnesses && Index(kind) is var index && index >= 0 ? witnesses[index] : null;

        /// <summary>What the method does to the fence graph (waits, signals, locks, edges), transitively.</summary>
        public FenceSummary Fences { get; internal set; } = FenceSummary.Empty;

        /// <summary>
        /// The ordinals of the method's delegate parameters it invokes when it runs, itself or by passing them to a callee
        /// that does (folded over the call graph's components): a caller's argument for one runs in the call.
        /// </summary>
        public IReadOnlyList<int> InvokedParameters { get; internal set; } = System.Array.Empty<int>();

        internal bool HasWitnesses => Volatile.Read(ref _witnesses) is not null;

        /// <summary>
        /// The call-graph component this summary was folded in (its members in source order), for the witnesses' post-order
        /// over components; null for a summary recorded by another assembly, which is complete.
        /// </summary>
        internal List<IMethodSymbol>? Component { get; set; }

        /// <summary>Publishes the witnesses computed for this method; the first publication wins (they are deterministic).</summary>
        internal void Publish(Witness?[] witnesses) => Interlocked.CompareExchange(ref _witnesses, witnesses, null);

        internal static Witness?[] NewWitnesses() => new Witness?[TransitiveKinds.Length];

        internal static bool TrySet(Witness?[] witnesses, EffectKind kind, Witness witness)
        {
            int index = Index(kind);
            if (index < 0 || witnesses[index] is not null)
            {
                return false;
            }

            witnesses[index] = witness;
            return true;
        }

        /// <summary>
        /// The one "direct effect or follow the callee" policy: whether an operation's own effect
        /// (<paramref name="direct"/>) already stands for what its callee does of <paramref name="kind"/>. A section
        /// effect covers itself and the less serious ones ('new Ledger()' allocates; if its constructor sleeps, that is
        /// reported too); a signal or a section opening covers only itself, so a constructor that signals is seen.
        /// </summary>
        public static bool Covers(EffectKind? direct, EffectKind kind)
        {
            if (direct is not { } own)
            {
                return false;
            }

            return kind is EffectKind.Signal or EffectKind.OpensSection ? own == kind : Index(kind) >= Index(own);
        }

        private static int Index(EffectKind kind) => System.Array.IndexOf(TransitiveKinds, kind);
    }
}
