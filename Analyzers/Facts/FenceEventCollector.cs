using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Regions;
using FenceGuard.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Facts
{
    /// <summary>
    /// Turns one method body into its fence events (waits, signals, lock acquisitions, calls with their fence
    /// arguments, callbacks, fences added to reservation objects), in one iterative walk. The one place that knows
    /// which expression is which fence: <see cref="NodeOf"/>.
    /// </summary>
    internal sealed class FenceEventCollector
    {
        private static readonly string[] TaskSourceSignals = { "SetResult", "TrySetResult", "SetException", "TrySetException", "SetCanceled", "TrySetCanceled" };

        private readonly KnownSymbols _symbols;
        private readonly IMethodSymbol _method;
        private readonly CancellationToken _cancellationToken;
        private readonly FenceEvents _events = new FenceEvents();
        private readonly Dictionary<ILocalSymbol, GraphNode?> _locals = new Dictionary<ILocalSymbol, GraphNode?>(SymbolEqualityComparer.Default);
        private readonly Dictionary<IOperation, int> _lambdaBodies = new Dictionary<IOperation, int>();
        private readonly List<(IOperation Operation, FenceEvent Event)> _sectionCandidates = new List<(IOperation, FenceEvent)>();
        private readonly List<(LockAcquisition Acquisition, int Body, FenceEvent Event)> _acquisitions = new List<(LockAcquisition, int, FenceEvent)>();

        private readonly System.Collections.Concurrent.ConcurrentDictionary<ISymbol, GraphNode> _memberNodes;

        private FenceEventCollector(KnownSymbols symbols, IMethodSymbol method, System.Collections.Concurrent.ConcurrentDictionary<ISymbol, GraphNode> memberNodes, CancellationToken cancellationToken)
        {
            _symbols = symbols;
            _memberNodes = memberNodes;
            _method = method.OriginalDefinition;
            _cancellationToken = cancellationToken;
        }

        /// <summary>
        /// The fence events of <paramref name="method"/>'s bodies. <paramref name="ownOperation"/> sees every operation
        /// that runs when the method runs (not those of its lambdas and local functions), so callers can gather their
        /// own facts in the same walk.
        /// </summary>
        /// <param name="symbols">The runtime's symbols.</param>
        /// <param name="method">The method (or local function, or lambda invoked in place) the bodies belong to.</param>
        /// <param name="bodies">Its bodies (more than one only for partial declarations).</param>
        /// <param name="ownOperation">Sees every operation that runs when the method runs.</param>
        /// <param name="memberNodes">The nodes of fields, properties and fence-returning methods, shared per compilation (their names are costly to build).</param>
        /// <param name="cancellationToken">Checked every 256 operations.</param>
        public static FenceEvents Collect(
            KnownSymbols symbols, IMethodSymbol method, IEnumerable<IOperation> bodies, Action<IOperation> ownOperation,
            System.Collections.Concurrent.ConcurrentDictionary<ISymbol, GraphNode> memberNodes, CancellationToken cancellationToken)
        {
            var collector = new FenceEventCollector(symbols, method, memberNodes, cancellationToken);
            foreach (IOperation body in bodies)
            {
                collector.Walk(body, ownOperation);
            }

            // Source order, once: events are shared by every thread that reads or folds them, so they never change after this.
            for (int i = 0; i < collector._events.Bodies.Count; i++)
            {
                List<FenceEvent> events = collector._events.Bodies[i];
                if (!IsSorted(events))
                {
                    // Rare (a using's Dispose is ordered at the end of its scope): a stable sort, so ties keep walk order.
                    collector._events.Bodies[i] = events.Select((e, index) => (e, index))
                        .OrderBy(x => x.e.Position).ThenBy(x => x.index).Select(x => x.e).ToList();
                }
            }

            return collector._events;
        }

        private static bool IsSorted(List<FenceEvent> events)
        {
            for (int i = 1; i < events.Count; i++)
            {
                if (events[i].Position < events[i - 1].Position)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A virtual or interface member's call to one of its implementations, passing its own parameters on.</summary>
        public static FenceEvent Dispatch(KnownSymbols symbols, IMethodSymbol member, IMethodSymbol implementation, Location site)
        {
            var collector = new FenceEventCollector(symbols, member, new System.Collections.Concurrent.ConcurrentDictionary<ISymbol, GraphNode>(SymbolEqualityComparer.Default), CancellationToken.None);
            GraphNode?[]? arguments = null;
            foreach (IParameterSymbol parameter in member.Parameters)
            {
                if (collector.KindOf(parameter.Type) is { } kind && parameter.Ordinal < implementation.Parameters.Length)
                {
                    (arguments ??= new GraphNode?[implementation.Parameters.Length])[parameter.Ordinal] =
                        new GraphNode("param:" + parameter.Ordinal, $"parameter '{parameter.Name}'", kind, parameter.Ordinal);
                }
            }

            return new FenceEvent(FenceEventKind.Call, null, site, int.MaxValue) { Callee = implementation, Arguments = arguments };
        }

        private void Walk(IOperation root, Action<IOperation> ownOperation)
        {
            // Body -1: inside a local function, which is summarized on its own; only looked at for section openers.
            Stack<(IOperation Operation, int Body)> work = t_work ??= new Stack<(IOperation, int)>();
            work.Clear();
            work.Push((root, 0));
            int visited = 0;
            while (work.Count > 0)
            {
                if ((++visited & 0xFF) == 0)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                }

                (IOperation operation, int body) = work.Pop();
                int childBody = body;
                if (body >= 0)
                {
                    if (body == 0)
                    {
                        ownOperation(operation);
                    }

                    if (operation is ILocalFunctionOperation && operation != root)
                    {
                        childBody = -1;
                    }
                    else
                    {
                        Visit(operation, body);
                        if (operation is IAnonymousFunctionOperation && operation != root)
                        {
                            childBody = BodyOf(operation);
                        }
                    }
                }

                if (!_events.OpensSection && OpensSection(operation))
                {
                    _events.OpensSection = true;
                }

                if (operation.Type is { } type)
                {
                    if (!_events.MentionsSection && _symbols.IsSignallingSection(type))
                    {
                        _events.MentionsSection = true;
                    }

                    if (!_events.MentionsIndefinite && (_symbols.IsUserFence(type) || _symbols.IsTaskCompletionSource(type)))
                    {
                        _events.MentionsIndefinite = true;
                    }
                }

                foreach (IOperation child in operation.ChildOperations.Reverse())
                {
                    work.Push((child, childBody));
                }
            }

            if (_events.OpensSection || _symbols.HasSignallingPath(_method))
            {
                MarkSections(root);
            }
        }

        [ThreadStatic]
        private static Stack<(IOperation, int)>? t_work;

        private bool OpensSection(IOperation operation) => operation switch
        {
            IInvocationOperation call => _symbols.IsFenceMethod(call.TargetMethod, "BeginSignalling") || _symbols.IsFenceMethod(call.TargetMethod, "AddCallback"),
            IAnonymousFunctionOperation lambda => _symbols.HasSignallingPath(lambda.Symbol),
            ILocalFunctionOperation local => _symbols.HasSignallingPath(local.Symbol),
            _ => false,
        };

        private int BodyOf(IOperation lambda)
        {
            if (!_lambdaBodies.TryGetValue(lambda, out int index))
            {
                index = _events.Bodies.Count;
                _events.Bodies.Add(new List<FenceEvent>());
                _lambdaBodies[lambda] = index;
            }

            return index;
        }

        private void Visit(IOperation operation, int body)
        {
            switch (operation)
            {
                case IInvocationOperation call:
                    VisitCall(call, body);
                    return;
                case IVariableDeclaratorOperation declarator:
                    Assign(declarator.Symbol, declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value);
                    return;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                    Assign(target.Local, assignment.Value);
                    return;
                case IAwaitOperation awaitOperation when NodeOf(awaitOperation.Operation) is { Kind: not NodeKind.Lock } awaited:
                    Add(body, FenceEventKind.Wait, operation, awaited);
                    return;
                case IPropertyReferenceOperation { Property.Name: "Result" } result when TaskOfSource(result.Instance) is { } source:
                    Add(body, FenceEventKind.Wait, operation, source);
                    return;
                case ILockOperation when LockAcquisition.Of(operation, _symbols) is { } acquisition:
                    AddAcquisition(acquisition, body);
                    return;
                default:
                    if (CallTargets.CalleeOf(operation) is { } callee)
                    {
                        AddCall(body, operation, callee);
                    }

                    return;
            }
        }

        private void VisitCall(IInvocationOperation call, int body)
        {
            IMethodSymbol method = call.TargetMethod;
            INamedTypeSymbol? type = method.ContainingType?.OriginalDefinition;
            if (type is null)
            {
                return;
            }

            if (_symbols.IsFence(type) || _symbols.IsUserFence(type))
            {
                switch (method.Name)
                {
                    case "Wait" or "WaitAsync" or "MightWait" or "GetAwaiter" when NodeOf(call.Instance) is { } waited:
                        Add(body, FenceEventKind.Wait, call, waited);
                        break;
                    case "Signal" when NodeOf(call.Instance) is { } signalled:
                        Add(body, FenceEventKind.Signal, call, signalled);
                        break;
                    case "AddCallback" when NodeOf(call.Instance) is { } source && call.Arguments.Length > 0:
                        AddCallback(body, call, source, call.Arguments[0].Value);
                        break;
                }

                return;
            }

            if (SymbolEqualityComparer.Default.Equals(type, _symbols.ReservationObject))
            {
                if (method.Name == "Wait" && NodeOf(call.Instance) is { } reservation)
                {
                    Add(body, FenceEventKind.Wait, call, reservation);
                }
                else if (method.Name == "AddFence" && call.Arguments.Length > 0 && NodeOf(call.Instance) is { } container &&
                         NodeOf(call.Arguments.ArgumentFor(0)) is { } added)
                {
                    Add(body, FenceEventKind.Publish, call, added).Container = container;
                }
                else if (LockAcquisition.Of(call, _symbols) is { } reservationLock)
                {
                    AddAcquisition(reservationLock, body);
                }

                return;
            }

            if (_symbols.IsTaskCompletionSource(type))
            {
                if (Array.IndexOf(TaskSourceSignals, method.Name) >= 0 && NodeOf(call.Instance) is { } completed)
                {
                    Add(body, FenceEventKind.Signal, call, completed);
                }

                return;
            }

            if (TaskOfSource(call.Instance) is { } task)
            {
                if (method.Name is "Wait" or "GetAwaiter")
                {
                    Add(body, FenceEventKind.Wait, call, task);
                }
                else if (method.Name == "ContinueWith" && call.Arguments.Length > 0)
                {
                    AddCallback(body, call, task, call.Arguments.ArgumentFor(0));
                }

                return;
            }

            if (LockAcquisition.Of(call, _symbols) is { } acquisition)
            {
                AddAcquisition(acquisition, body);
                return;
            }

            if (CallTargets.CalleeOf(call) is { } callee)
            {
                AddCall(body, call, callee);
            }
        }

        private void AddCall(int body, IOperation site, IMethodSymbol callee)
        {
            FenceEvent call = Add(body, FenceEventKind.Call, site, null);
            call.Callee = callee;
            call.Arguments = BindArguments(site, callee);
        }

        private void AddCallback(int body, IOperation site, GraphNode source, IOperation? callback)
        {
            while (callback is IDelegateCreationOperation or IConversionOperation)
            {
                callback = callback is IDelegateCreationOperation creation ? creation.Target : ((IConversionOperation)callback).Operand;
            }

            FenceEvent registration = Add(body, FenceEventKind.Callback, site, source);
            switch (callback)
            {
                case IAnonymousFunctionOperation lambda:
                    registration.CallbackBody = BodyOf(lambda);
                    break;
                case IMethodReferenceOperation { Method: { DeclaringSyntaxReferences.Length: > 0 } method }:
                    registration.Callee = method.OriginalDefinition;
                    break;
            }
        }

        private void AddAcquisition(LockAcquisition acquisition, int body)
        {
            GraphNode node = GraphNode.ForLock(acquisition.Class);
            FenceEvent taken = Add(body, FenceEventKind.Acquire, acquisition.Operation, node, acquisition.Site);
            taken.Lock = acquisition.Class;
            taken.Construct = acquisition.Construct;
            _acquisitions.Add((acquisition, body, taken));
        }

        private FenceEvent Add(int body, FenceEventKind kind, IOperation operation, GraphNode? node, Location? site = null)
        {
            var fenceEvent = new FenceEvent(kind, operation.Syntax, site, PositionOf(operation)) { Node = node };
            if (kind is FenceEventKind.Acquire or FenceEventKind.Call)
            {
                _sectionCandidates.Add((operation, fenceEvent)); // a dictionary only if the body has sections (MarkSections)
            }

            if (_acquisitions.Count > 0)
            {
                List<GraphNode>? held = null;
                foreach ((LockAcquisition acquisition, int lockBody, FenceEvent lockEvent) in _acquisitions)
                {
                    if (lockBody == body && acquisition.HeldSpan.Contains(operation.Syntax.Span))
                    {
                        (held ??= new List<GraphNode>()).Add(lockEvent.Node!);
                    }
                }

                if (held is not null)
                {
                    fenceEvent.Held = held;
                }
            }

            _events.Bodies[body].Add(fenceEvent);
            return fenceEvent;
        }

        /// <summary>Where an event happens, for ordering: a <c>using</c>'s Dispose runs when its scope ends.</summary>
        private static int PositionOf(IOperation operation) => operation switch
        {
            IUsingOperation usingStatement => usingStatement.Syntax.Span.End,
            IUsingDeclarationOperation { Parent: IBlockOperation block } => block.Syntax.Span.End,
            _ => operation.Syntax.SpanStart,
        };

        /// <summary>For each parameter of <paramref name="callee"/> that is a fence, the caller's node for its argument.</summary>
        private GraphNode?[]? BindArguments(IOperation site, IMethodSymbol callee)
        {
            System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments = site switch
            {
                IInvocationOperation invocation => invocation.Arguments,
                IObjectCreationOperation creation => creation.Arguments,
                IPropertyReferenceOperation property => property.Arguments,
                _ => default,
            };
            if (arguments.IsDefaultOrEmpty)
            {
                return null;
            }

            GraphNode?[]? bound = null;
            foreach (IArgumentOperation argument in arguments)
            {
                if (argument.Parameter is { } parameter && KindOf(parameter.Type) is not null && NodeOf(argument.Value) is { } node)
                {
                    (bound ??= new GraphNode?[callee.Parameters.Length])[parameter.Ordinal] = node;
                }
            }

            return bound;
        }

        /// <summary>The section each acquisition and call runs in: one section walk, only for bodies that have sections.</summary>
        private void MarkSections(IOperation root)
        {
            if (_sectionCandidates.Count == 0)
            {
                return;
            }

            var byOperation = new Dictionary<IOperation, FenceEvent>(_sectionCandidates.Count);
            foreach ((IOperation operation, FenceEvent e) in _sectionCandidates)
            {
                byOperation[operation] = e;
            }
            if (byOperation.Count == 0)
            {
                return;
            }

            SectionInfo? memberSection = _symbols.HasSignallingPath(_method)
                ? SectionInfo.ForSignallingPath(_method, _method.Locations.IsEmpty ? Location.None : _method.Locations[0])
                : null;
            new SectionWalker(_symbols, _cancellationToken).Walk(root, memberSection, (operation, section) =>
            {
                if (section is not null && byOperation.TryGetValue(operation, out FenceEvent? e))
                {
                    e.Section = section;
                }
            });
        }

        /// <summary>The node of a <c>TaskCompletionSource</c> whose <c>.Task</c> <paramref name="instance"/> is, or null.</summary>
        private GraphNode? TaskOfSource(IOperation? instance) =>
            instance.WithoutConversions() is IPropertyReferenceOperation { Property.Name: "Task" } task && _symbols.IsTaskCompletionSource(task.Property.ContainingType)
                ? NodeOf(task.Instance)
                : null;

        /// <summary>The graph node an expression denotes, or null when it is not a fence, reservation or task source, or has no identity.</summary>
        private GraphNode? NodeOf(IOperation? expression)
        {
            expression = expression.WithoutConversions();
            if (expression is IPropertyReferenceOperation { Property.Name: "Task" } task && _symbols.IsTaskCompletionSource(task.Property.ContainingType))
            {
                return NodeOf(task.Instance);
            }

            if (expression is null || KindOf(expression.Type) is not { } kind)
            {
                return null;
            }

            switch (expression)
            {
                case IFieldReferenceOperation field:
                    return _memberNodes.GetOrAdd(field.Field.OriginalDefinition, f =>
                        new GraphNode("F:" + f.ToDisplayString(), $"'{f.ContainingType.Name}.{f.Name}'", kind));
                case IPropertyReferenceOperation { Arguments.IsEmpty: true } property:
                    return _memberNodes.GetOrAdd(property.Property.OriginalDefinition, p =>
                        new GraphNode("P:" + p.ToDisplayString(), $"'{p.ContainingType.Name}.{p.Name}'", kind));
                case IParameterReferenceOperation parameter
                    when SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol?.OriginalDefinition, _method):
                    return new GraphNode("param:" + parameter.Parameter.Ordinal, $"parameter '{parameter.Parameter.Name}'", kind, parameter.Parameter.Ordinal);
                case ILocalReferenceOperation local:
                    return _locals.TryGetValue(local.Local, out GraphNode? aliased) && aliased is not null ? aliased : LocalNode(local.Local, kind);
                case IInvocationOperation { TargetMethod: { DeclaringSyntaxReferences.Length: > 0 } returning }:
                    return _memberNodes.GetOrAdd(returning.OriginalDefinition, m =>
                        new GraphNode("R:" + m.ToDisplayString(), $"the fence returned by '{m.Name}'", kind));
                default:
                    return null;
            }
        }

        /// <summary>Records what a local stands for at its declaration or first assignment: the fence it is given, or itself.</summary>
        private void Assign(ILocalSymbol local, IOperation? value)
        {
            if (!_locals.ContainsKey(local) && KindOf(local.Type) is { } kind)
            {
                GraphNode? node = NodeOf(value);
                _locals[local] = node ?? LocalNode(local, kind);
            }
        }

        private static GraphNode LocalNode(ILocalSymbol local, NodeKind kind)
        {
            Location location = local.Locations.IsEmpty ? Location.None : local.Locations[0];
            int line = location.GetLineSpan().StartLinePosition.Line + 1;
            return new GraphNode($"L:{location.SourceTree?.FilePath}:{location.SourceSpan.Start}", $"'{local.Name}' (line {line})", kind);
        }

        private NodeKind? KindOf(ITypeSymbol? type)
        {
            if (type is ITypeParameterSymbol typeParameter)
            {
                foreach (ITypeSymbol constraint in typeParameter.ConstraintTypes)
                {
                    if (KindOf(constraint) is { } constrained)
                    {
                        return constrained; // T where T : Fence
                    }
                }

                return null;
            }

            if (type is null)
            {
                return null;
            }

            if (_symbols.IsUserFence(type))
            {
                return NodeKind.UserFence;
            }

            if (_symbols.IsTaskCompletionSource(type))
            {
                return NodeKind.TaskSource;
            }

            if (SymbolEqualityComparer.Default.Equals(type, _symbols.ReservationObject))
            {
                return NodeKind.Reservation;
            }

            return _symbols.IsFence(type) ? NodeKind.Fence : null;
        }


    }
}
