using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Operations
{
    /// <summary>
    /// Which kinds of operation a fact can come from: an effect (<see cref="EffectClassifier"/>,
    /// <see cref="AllocationClassifier"/>), a call (<see cref="CallTargets"/>), a wait, signal or callback
    /// (<see cref="FenceApi"/>), a lock, or a local's value. Most operations of any body are of other kinds (literals,
    /// references, arguments, statements), and the body walk skips them with one table lookup instead of a few dozen
    /// interface type tests each.
    /// </summary>
    internal static class OperationKinds
    {
        private static readonly bool[] Matters = Build();

        /// <summary>Whether an operation of this kind can be a step, an event or a local's assignment.</summary>
        public static bool MayMatter(OperationKind kind) => (int)kind < Matters.Length && Matters[(int)kind];

        private static bool[] Build()
        {
            OperationKind[] kinds =
            {
                OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.TypeParameterObjectCreation, OperationKind.PropertyReference,
                OperationKind.Await, OperationKind.Lock, OperationKind.Using, OperationKind.UsingDeclaration, OperationKind.Conversion,
                OperationKind.Binary, OperationKind.Unary, OperationKind.CompoundAssignment, OperationKind.DelegateCreation,
                OperationKind.ArrayCreation, OperationKind.CollectionExpression, OperationKind.InterpolatedString, OperationKind.AnonymousObjectCreation,
                OperationKind.With, OperationKind.EventAssignment, OperationKind.Loop, OperationKind.YieldReturn, OperationKind.VariableDeclarator,
                OperationKind.SimpleAssignment,
            };
            int max = 0;
            foreach (OperationKind kind in kinds)
            {
                max = System.Math.Max(max, (int)kind);
            }

            var table = new bool[max + 1];
            foreach (OperationKind kind in kinds)
            {
                table[(int)kind] = true;
            }

            return table;
        }
    }
}
