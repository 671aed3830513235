using FenceGuard.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Operations
{
    /// <summary>
    /// What a single operation does, without looking at its surroundings or its callees: the one place that knows
    /// which calls wait on fences, which block, and which suspend.
    /// </summary>
    internal sealed class EffectClassifier
    {
        private readonly KnownSymbols _symbols;
        private readonly AllocationClassifier _allocations;
        private readonly FenceApi _api;

        public EffectClassifier(KnownSymbols symbols, FenceApi api)
        {
            _symbols = symbols;
            _api = api;
            _allocations = new AllocationClassifier(symbols);
        }

        /// <summary>
        /// The one effect that matters most for an operation: reclaim, then fence waits, blocking and suspension, then
        /// allocation. <paramref name="lists"/> are the built-in member lists plus the user's additions for the operation's file.
        /// </summary>
        public Effect? Classify(IOperation operation, EffectLists lists) => Classify(operation, lists, allocations: true);

        /// <summary>
        /// The same, with allocations only when <paramref name="allocations"/>: deciding whether an operation allocates is
        /// the costly part, and most operations are where no rule reads it (see <c>BodyWalker</c>).
        /// </summary>
        public Effect? Classify(IOperation operation, EffectLists lists, bool allocations) =>
            Classify(operation, lists.Blocking) ?? (allocations && _allocations.Classify(operation, lists.Allocating) is { } allocation
                ? new Effect(EffectKind.Allocation, allocation)
                : null);

        private Effect? Classify(IOperation operation, MemberList blockingMembers)
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    return ClassifyCall(invocation, blockingMembers);
                case IPropertyReferenceOperation property when _symbols.MayReclaim(property.Property) || CallTargets.AccessorOf(property) is { } accessor && _symbols.MayReclaim(accessor):
                    return new Effect(EffectKind.Reclaim, $"'{property.Property.ContainingType.Name}.{property.Property.Name}'");
                case IObjectCreationOperation { Constructor: { } constructor } when _symbols.MayReclaim(constructor):
                    return new Effect(EffectKind.Reclaim, $"'new {constructor.ContainingType.Name}'");
                case IPropertyReferenceOperation { Property.Name: "Result" } property
                    when IsGenericTask(property.Property.ContainingType):
                    return new Effect(EffectKind.Blocking, $"'{property.Property.ContainingType.Name}.Result'");
                case IAwaitOperation awaitOperation:
                    ITypeSymbol? awaited = awaitOperation.Operation.Type;
                    if (_api.IsWait(awaitOperation, out IOperation? waitedOn) && IsFenceWait(waitedOn))
                    {
                        return new Effect(EffectKind.FenceWait, $"'await' of {Article(awaited!)} '{awaited!.Name}'");
                    }

                    return new Effect(EffectKind.Suspension, "'await'");
                case IReturnOperation { Kind: OperationKind.YieldReturn }:
                    return new Effect(EffectKind.Suspension, "'yield return'");
                case IForEachLoopOperation { IsAsynchronous: true }:
                    return new Effect(EffectKind.Suspension, "'await foreach'");
                case IUsingOperation { IsAsynchronous: true }:
                case IUsingDeclarationOperation { IsAsynchronous: true }:
                    return new Effect(EffectKind.Suspension, "'await using'");
                default:
                    return null;
            }
        }

        private Effect? ClassifyCall(IInvocationOperation invocation, MemberList blockingMembers)
        {
            IMethodSymbol method = invocation.TargetMethod;
            INamedTypeSymbol? type = method.ContainingType?.OriginalDefinition;
            if (type is null)
            {
                return null;
            }

            string name = method.Name;
            if (_symbols.MayReclaim(method))
            {
                return new Effect(EffectKind.Reclaim, $"'{type.Name}.{name}'");
            }

            if (_symbols.IsRecoverableFaults(method))
            {
                return new Effect(EffectKind.RecoverableFaults, $"the call to the [RecoverableFaults] workload '{type.Name}.{name}'");
            }

            if (_api.Signalled(invocation, out bool bounded) is not null && bounded)
            {
                return new Effect(EffectKind.Signal, "'Fence.Signal'");
            }

            if (_symbols.IsFenceMethod(method, "BeginSignalling"))
            {
                return new Effect(EffectKind.OpensSection, "'Fence.BeginSignalling'");
            }

            if (_api.IsWait(invocation, out IOperation? waited) && IsFenceWait(waited))
            {
                return new Effect(EffectKind.FenceWait, $"'{type.Name}.{name}'");
            }

            if (_symbols.IsFence(type) || _symbols.IsUserFence(type))
            {
                return null; // the fences' other members neither wait nor block
            }

            if (_symbols.IsBlocking(method) || blockingMembers.Contains(method.OriginalDefinition) || BlocksForItsTimeout(invocation))
            {
                // fence.GetAwaiter().GetResult() is reported once, as a fence wait, at GetAwaiter.
                if (name == "GetResult" && invocation.Instance is IInvocationOperation getAwaiter &&
                    Classify(getAwaiter, blockingMembers) is { Kind: EffectKind.FenceWait })
                {
                    return null;
                }

                return new Effect(EffectKind.Blocking, $"'{type.Name}.{name}'");
            }

            return null;
        }

        /// <summary>A call that blocks only when given a timeout (<see cref="KnownSymbols.BlocksWithATimeout"/>), given one that is not zero.</summary>
        private bool BlocksForItsTimeout(IInvocationOperation call)
        {
            if (!_symbols.BlocksWithATimeout(call.TargetMethod))
            {
                return false;
            }

            foreach (IArgumentOperation argument in call.Arguments)
            {
                if (argument.Parameter is { Name: "millisecondsTimeout" or "timeout" })
                {
                    IOperation? value = argument.Value.WithoutConversions();
                    bool zero = value?.ConstantValue is { HasValue: true, Value: 0 } ||
                                value is IFieldReferenceOperation { Field: { Name: "Zero", ContainingType.Name: "TimeSpan" } };
                    return !zero;
                }
            }

            return false; // no timeout: it returns at once
        }

        /// <summary>A wait on a fence, user fence or reservation object (or the static <c>Fence.MightWait()</c>); a task source's task is a task.</summary>
        private bool IsFenceWait(IOperation? waited) =>
            waited is null || _api.KindOf(waited) is FenceSourceKind.Bounded or FenceSourceKind.UserFence or FenceSourceKind.Reservation;

        private bool IsGenericTask(INamedTypeSymbol? type) =>
            type is not null &&
            (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _symbols.GenericTask) ||
             SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _symbols.GenericValueTask));

        private static string Article(ITypeSymbol type) => type.Name.Length > 0 && "AEIOU".IndexOf(type.Name[0]) >= 0 ? "an" : "a";
    }
}
