using FenceGuard.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Operations
{
    /// <summary>
    /// The one place that knows what the runtime's fences, reservation objects and user fences, and the base library's
    /// <c>TaskCompletionSource</c> tasks, do to a fence: which operations wait on one (every form, <c>MightWait</c>
    /// included), which signal one, which register a callback of one, and which expression is the task of a task source.
    /// Every fact, effect and rule asks here; none matches names of its own.
    /// </summary>
    internal sealed class FenceApi
    {
        private static readonly string[] TaskSourceSignals = { "SetResult", "TrySetResult", "SetException", "TrySetException", "SetCanceled", "TrySetCanceled" };

        private readonly KnownSymbols _symbols;

        public FenceApi(KnownSymbols symbols) => _symbols = symbols;

        /// <summary>
        /// Whether <paramref name="operation"/> waits on a fence-like source: <c>await x</c>, <c>x.Wait()</c>,
        /// <c>x.WaitAsync()</c>, <c>x.GetAwaiter()</c> and <c>Fence.MightWait()</c> on fences and user fences,
        /// <c>ReservationObject.Wait</c>, and <c>Wait</c>, <c>WaitAsync</c>, <c>GetAwaiter</c> and <c>Result</c> of a
        /// task source's task. <paramref name="waited"/> is the expression waited on, conversions removed; null for the
        /// static <c>Fence.MightWait()</c>, which waits on no fence in particular.
        /// </summary>
        public bool IsWait(IOperation operation, out IOperation? waited)
        {
            waited = null;
            switch (operation)
            {
                case IAwaitOperation awaitOperation:
                    waited = Awaited(awaitOperation.Operation);
                    return waited is not null && KindOf(waited) is not null;
                case IInvocationOperation call:
                    INamedTypeSymbol? type = call.TargetMethod.ContainingType?.OriginalDefinition;
                    string name = call.TargetMethod.Name;
                    if (IsFenceType(type))
                    {
                        waited = call.Instance.WithoutConversions();
                        return name is "Wait" or "WaitAsync" or "GetAwaiter" or "MightWait";
                    }

                    if (Is(type, _symbols.ReservationObject))
                    {
                        waited = call.Instance.WithoutConversions();
                        return name == "Wait";
                    }

                    if (name is "Wait" or "WaitAsync" or "GetAwaiter" && TaskSourceOf(call.Instance) is not null)
                    {
                        waited = call.Instance.WithoutConversions();
                        return true;
                    }

                    if (name == "GetAwaiter" && IsConfigureAwait(call.Instance.WithoutConversions(), out IOperation? configured) && KindOf(configured) is not null)
                    {
                        waited = configured; // tcs.Task.ConfigureAwait(false).GetAwaiter().GetResult()
                        return true;
                    }

                    return false;
                case IPropertyReferenceOperation { Property.Name: "Result" } result when TaskSourceOf(result.Instance) is not null:
                    waited = result.Instance.WithoutConversions();
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// The fence, user fence or task source a call signals (<c>Signal</c>, <c>SetResult</c> and the other
        /// completions), or null. <paramref name="bounded"/> is true for a kernel-style fence (FG0010's "signals a
        /// bounded fence", FG0030's workload rule).
        /// </summary>
        public IOperation? Signalled(IInvocationOperation call, out bool bounded)
        {
            INamedTypeSymbol? type = call.TargetMethod.ContainingType?.OriginalDefinition;
            bounded = _symbols.IsFence(type);
            if (call.TargetMethod.Name == "Signal" && IsFenceType(type))
            {
                return call.Instance;
            }

            bounded = false;
            return _symbols.IsTaskCompletionSource(type) && System.Array.IndexOf(TaskSourceSignals, call.TargetMethod.Name) >= 0 ? call.Instance : null;
        }

        /// <summary>
        /// A callback registration: <c>x.AddCallback(cb)</c> on a fence or user fence, or <c>tcs.Task.ContinueWith(cb)</c>.
        /// Returns the source the callback is registered on and the callback argument, or null.
        /// </summary>
        public (IOperation Source, IOperation Callback)? Registration(IInvocationOperation call)
        {
            INamedTypeSymbol? type = call.TargetMethod.ContainingType?.OriginalDefinition;
            if (call.Instance is not { } instance)
            {
                return null;
            }

            if (call.TargetMethod.Name == "AddCallback" && IsFenceType(type) && call.Arguments.ArgumentFor(0) is { } callback)
            {
                return (instance, callback);
            }

            if (call.TargetMethod.Name == "ContinueWith" && TaskSourceOf(instance) is not null && call.Arguments.ArgumentFor(0) is { } continuation)
            {
                return (instance, continuation);
            }

            // source.GetAwaiter().OnCompleted(callback), and UnsafeOnCompleted, with or without ConfigureAwait: the
            // callback runs when the source completes, as a continuation does.
            if (call.TargetMethod.Name is "OnCompleted" or "UnsafeOnCompleted" &&
                instance.WithoutConversions() is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaitable } &&
                Awaited(awaitable) is { } awaited && KindOf(awaited) is FenceSourceKind.Bounded or FenceSourceKind.UserFence or FenceSourceKind.TaskSource &&
                call.Arguments.ArgumentFor(0) is { } onCompleted)
            {
                return (awaited, onCompleted);
            }

            return null;
        }

        /// <summary>The source whose completion runs the callbacks <paramref name="registration"/> registers (a fence, user fence or task source), or null.</summary>
        public FenceSource? RegisteredOn(IInvocationOperation registration) =>
            Registration(registration) is { } registered ? SourceOf(registered.Source) : null;

        /// <summary>What an <c>await</c> or an awaiter waits on: the expression, less conversions and <c>ConfigureAwait</c> (the same task).</summary>
        public IOperation? Awaited(IOperation? expression)
        {
            expression = expression.WithoutConversions();
            return IsConfigureAwait(expression, out IOperation? configured) ? configured : expression;
        }

        private static bool IsConfigureAwait(IOperation? expression, out IOperation? configured)
        {
            if (expression is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } instance })
            {
                configured = instance.WithoutConversions();
                return true;
            }

            configured = null;
            return false;
        }

        /// <summary>The registration <paramref name="callback"/> (a lambda or a method-group delegate) is the callback argument of, or null.</summary>
        public IInvocationOperation? RegistrationOf(IOperation callback)
        {
            IOperation current = callback;
            while (current.Parent is IDelegateCreationOperation or IConversionOperation)
            {
                current = current.Parent;
            }

            if (current.Parent is IArgumentOperation { Parent: IInvocationOperation call } argument &&
                Registration(call) is { } registration && registration.Callback == argument.Value)
            {
                return call;
            }

            // Kept in a local first: Action<Fence> onDone = f => ...; fence.AddCallback(onDone). The registration of that
            // local in the same body, when this is the only value it is given.
            ILocalSymbol? local = current.Parent switch
            {
                IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation assigned } assignment when assignment.Value == current => assigned.Local,
                _ => null,
            };
            if (local is not null && CallTargets.OnlyValueOf(local, current) == current)
            {
                foreach (IOperation operation in current.Root().Descendants())
                {
                    if (operation is IInvocationOperation candidate && Registration(candidate) is { } registered &&
                        registered.Callback.WithoutConversions() is ILocalReferenceOperation passed && SymbolEqualityComparer.Default.Equals(passed.Local, local))
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }

        /// <summary>The <c>TaskCompletionSource</c> whose <c>.Task</c> <paramref name="expression"/> is, or null.</summary>
        public IOperation? TaskSourceOf(IOperation? expression) =>
            expression.WithoutConversions() is IPropertyReferenceOperation { Property.Name: "Task", Instance: { } source } task &&
            _symbols.IsTaskCompletionSource(task.Property.ContainingType)
                ? source
                : null;

        /// <summary>What a waited-on or called-back expression names, or null when it is none of the fence-like kinds.</summary>
        public FenceSourceKind? KindOf(IOperation? expression)
        {
            expression = expression.WithoutConversions();
            if (expression is null)
            {
                return null;
            }

            return TaskSourceOf(expression) is not null ? FenceSourceKind.TaskSource : KindOfType(expression.Type);
        }

        /// <summary>
        /// The one answer to which fence-like kind a type is: a user fence, a task source, a reservation object, or a fence
        /// (a type derived from <c>Fence</c> included); a type parameter is what its constraint makes it.
        /// </summary>
        public FenceSourceKind? KindOfType(ITypeSymbol? type)
        {
            if (type is ITypeParameterSymbol typeParameter)
            {
                foreach (ITypeSymbol constraint in typeParameter.ConstraintTypes)
                {
                    if (KindOfType(constraint) is { } constrained)
                    {
                        return constrained; // T where T : Fence
                    }
                }

                return null;
            }

            return type is null ? null
                : _symbols.IsUserFence(type) ? FenceSourceKind.UserFence
                : _symbols.IsTaskCompletionSource(type) ? FenceSourceKind.TaskSource
                : Is(type as INamedTypeSymbol, _symbols.ReservationObject) ? FenceSourceKind.Reservation
                : _symbols.IsFence(type) ? FenceSourceKind.Bounded
                : null;
        }

        /// <summary>The source as facts keep it (kind and text), or null.</summary>
        public FenceSource? SourceOf(IOperation? expression)
        {
            expression = expression.WithoutConversions();
            return KindOf(expression) is { } kind ? new FenceSource(kind, expression!.Syntax.ToString()) : null;
        }

        private bool IsFenceType(INamedTypeSymbol? type) => _symbols.IsFence(type) || _symbols.IsUserFence(type);

        private static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? known) =>
            known is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, known);
    }
}
