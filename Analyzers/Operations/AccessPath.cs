using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Operations
{
    /// <summary>
    /// The one identity of the object an expression names, shared by fences, locks and reservation objects: a root
    /// (a local, a parameter, <c>this</c>, a static member's type, <c>typeof(T)</c>, or the value a call returns)
    /// followed by the fields and argument-less properties read from it, e.g. <c>target.Resv</c> is the parameter
    /// <c>target</c>, then <c>Resv</c>. Two expressions name the same object when their paths are equal and the root
    /// is known (<see cref="IsExact"/>). Rules that group by class rather than by instance, as lockdep does, use
    /// <see cref="Member"/>: the last field or property, whatever the object it was read from.
    /// </summary>
    internal sealed class AccessPath
    {
        private AccessPath(AccessRoot root, ISymbol? rootSymbol, ImmutableArray<ISymbol> members)
        {
            Root = root;
            RootSymbol = rootSymbol;
            Members = members;
        }

        public AccessRoot Root { get; }

        /// <summary>The local, parameter, type (of <c>this</c>, of a static member, of <c>typeof</c>), or called method; null for an unknown root.</summary>
        public ISymbol? RootSymbol { get; }

        /// <summary>The fields and argument-less properties read from the root, outermost first (original definitions).</summary>
        public ImmutableArray<ISymbol> Members { get; }

        /// <summary>The last field or property of the path, or null when the path is only a root.</summary>
        public ISymbol? Member => Members.IsEmpty ? null : Members[Members.Length - 1];

        /// <summary>Whether the path names one object in its function: its root is known (not an arbitrary expression).</summary>
        public bool IsExact => Root != AccessRoot.Unknown;

        /// <summary>The path of <paramref name="expression"/> (conversions removed), or null when it names nothing this knows.</summary>
        public static AccessPath? Of(IOperation? expression)
        {
            var members = new List<ISymbol>();
            IOperation? current = expression.WithoutConversions();
            while (true)
            {
                switch (current)
                {
                    case IFieldReferenceOperation field:
                        members.Add(field.Field.OriginalDefinition);
                        if (field.Field.IsStatic || field.Instance is null)
                        {
                            return Make(AccessRoot.Static, field.Field.ContainingType?.OriginalDefinition, members);
                        }

                        current = field.Instance.WithoutConversions();
                        continue;
                    case IPropertyReferenceOperation { Arguments.IsEmpty: true } property:
                        members.Add(property.Property.OriginalDefinition);
                        if (property.Property.IsStatic || property.Instance is null)
                        {
                            return Make(AccessRoot.Static, property.Property.ContainingType?.OriginalDefinition, members);
                        }

                        current = property.Instance.WithoutConversions();
                        continue;
                    case ILocalReferenceOperation local:
                        return Make(AccessRoot.Local, local.Local, members);
                    case IParameterReferenceOperation parameter:
                        return Make(AccessRoot.Parameter, parameter.Parameter, members);
                    case IInstanceReferenceOperation instance:
                        return Make(AccessRoot.This, instance.Type?.OriginalDefinition, members);
                    case ITypeOfOperation typeOf when members.Count == 0:
                        return Make(AccessRoot.TypeOf, typeOf.TypeOperand, members);
                    case IInvocationOperation invocation when members.Count == 0:
                        return Make(AccessRoot.Returned, invocation.TargetMethod.OriginalDefinition, members);
                    default:
                        return members.Count == 0 ? null : Make(AccessRoot.Unknown, null, members);
                }
            }
        }

        private static AccessPath Make(AccessRoot root, ISymbol? rootSymbol, List<ISymbol> members)
        {
            members.Reverse();
            return new AccessPath(root, rootSymbol, members.ToImmutableArray());
        }

        /// <summary>
        /// The class of the path of <paramref name="expression"/>, without building the path: its last field or property
        /// when it has one (<paramref name="member"/>), otherwise its root (<paramref name="root"/> and
        /// <paramref name="rootSymbol"/>). What fence nodes and lock classes are keyed by; false when it names nothing.
        /// </summary>
        public static bool ClassOf(IOperation? expression, out ISymbol? member, out AccessRoot root, out ISymbol? rootSymbol)
        {
            member = null;
            rootSymbol = null;
            root = AccessRoot.Unknown;
            switch (expression.WithoutConversions())
            {
                case IFieldReferenceOperation field:
                    member = field.Field.OriginalDefinition;
                    return true;
                case IPropertyReferenceOperation { Arguments.IsEmpty: true } property:
                    member = property.Property.OriginalDefinition;
                    return true;
                case ILocalReferenceOperation local:
                    (root, rootSymbol) = (AccessRoot.Local, local.Local);
                    return true;
                case IParameterReferenceOperation parameter:
                    (root, rootSymbol) = (AccessRoot.Parameter, parameter.Parameter);
                    return true;
                case IInstanceReferenceOperation instance:
                    (root, rootSymbol) = (AccessRoot.This, instance.Type?.OriginalDefinition);
                    return true;
                case ITypeOfOperation typeOf:
                    (root, rootSymbol) = (AccessRoot.TypeOf, typeOf.TypeOperand);
                    return true;
                case IInvocationOperation invocation:
                    (root, rootSymbol) = (AccessRoot.Returned, invocation.TargetMethod.OriginalDefinition);
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>This path followed by <paramref name="members"/>: <c>job</c> then <c>Resv</c> is <c>job.Resv</c>.</summary>
        public AccessPath Then(ImmutableArray<ISymbol> members) =>
            members.IsEmpty ? this : new AccessPath(Root, RootSymbol, Members.AddRange(members));

        /// <summary>Whether both paths name the same object: equal, exact paths.</summary>
        public bool SameObject(AccessPath? other)
        {
            if (other is null || !IsExact || !other.IsExact || Root != other.Root || Members.Length != other.Members.Length ||
                !SymbolEqualityComparer.Default.Equals(RootSymbol, other.RootSymbol))
            {
                return false;
            }

            for (int i = 0; i < Members.Length; i++)
            {
                if (!SymbolEqualityComparer.Default.Equals(Members[i], other.Members[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
