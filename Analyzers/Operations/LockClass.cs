using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

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

        public static LockClass Reservation => new LockClass(ReservationKey, "the reservation lock class (every ReservationObject)");

        /// <summary>The class of the object locked by <c>lock (x)</c>, <c>Monitor.Enter(x)</c> or <c>x.Wait()</c> on a semaphore.</summary>
        public static LockClass? Of(IOperation? locked)
        {
            return locked.WithoutConversions() switch
            {
                IFieldReferenceOperation field => new LockClass("F:" + field.Field.OriginalDefinition.ToDisplayString(), $"'{field.Field.ContainingType.Name}.{field.Field.Name}'"),
                IPropertyReferenceOperation { Arguments.IsEmpty: true } property =>
                    new LockClass("P:" + property.Property.OriginalDefinition.ToDisplayString(), $"'{property.Property.ContainingType.Name}.{property.Property.Name}'"),
                IInstanceReferenceOperation instance when instance.Type is { } type =>
                    new LockClass("T:" + type.OriginalDefinition.ToDisplayString(), $"'this' of '{type.Name}'"),
                ITypeOfOperation typeOf => new LockClass("typeof:" + typeOf.TypeOperand.ToDisplayString(), $"'typeof({typeOf.TypeOperand.Name})'"),
                _ => null,
            };
        }
    }
}
