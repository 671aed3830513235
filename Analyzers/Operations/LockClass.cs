using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Operations
{
    /// <summary>
    /// A lock class in lockdep's sense: every lock on one field is one class whatever the instance, and every
    /// <c>ReservationObject</c> lock is one class (the kernel's reservation class). Locks on locals and other
    /// expressions have no class and are not tracked.
    /// </summary>
    internal readonly struct LockClass
    {
        public const string ReservationKey = "reservation";

        private LockClass(string key, string display)
        {
            Key = key;
            Display = display;
        }

        /// <summary>Identity, e.g. "F:Scheduler._gate" or "reservation".</summary>
        public string Key { get; }

        /// <summary>How messages name it.</summary>
        public string Display { get; }

        /// <summary>A class as another assembly's summary recorded it (<see cref="Key"/> and <see cref="Display"/>).</summary>
        public static LockClass Recorded(string key, string display) => new LockClass(key, display);

        public static LockClass Reservation => new LockClass(ReservationKey, "the reservation lock class (every ReservationObject)");

        /// <summary>
        /// The class of the object locked by <c>lock (x)</c>, <c>Monitor.Enter(x)</c> or <c>x.Wait()</c> on a semaphore:
        /// the last field or property of its <see cref="AccessPath"/> (whatever the instance), <c>this</c>'s type, or
        /// <c>typeof(T)</c>.
        /// </summary>
        public static LockClass? Of(IOperation? locked)
        {
            if (!AccessPath.ClassOf(locked, out ISymbol? member, out AccessRoot root, out ISymbol? rootSymbol))
            {
                return null;
            }

            switch (member)
            {
                case IFieldSymbol field:
                    return new LockClass("F:" + field.ToDisplayString(), $"'{field.ContainingType.Name}.{field.Name}'");
                case IPropertySymbol property:
                    return new LockClass("P:" + property.ToDisplayString(), $"'{property.ContainingType.Name}.{property.Name}'");
            }

            return (root, rootSymbol) switch
            {
                (AccessRoot.This, ITypeSymbol type) => new LockClass("T:" + type.ToDisplayString(), $"'this' of '{type.Name}'"),
                (AccessRoot.TypeOf, ITypeSymbol operand) => new LockClass("typeof:" + operand.ToDisplayString(), $"'typeof({operand.Name})'"),
                _ => null,
            };
        }
    }
}
