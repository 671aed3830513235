using System.Collections.Concurrent;
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
    /// The one walk of a method's body: one pass of the <see cref="RegionWalker"/> over the operations (the driver's, when
    /// it handed them over), producing the body's <see cref="BodyFacts"/>. For each operation it asks the layers below
    /// what it is (<see cref="EffectClassifier"/>, <see cref="FenceApi"/>, <see cref="CallTargets"/>,
    /// <see cref="LockAcquisition"/>, <see cref="AccessPath"/>) and records what rules and summaries need. The one place
    /// that knows which expression is which graph node: <see cref="NodeOf"/>.
    /// </summary>
    internal sealed class BodyWalker
    {
        private readonly KnownSymbols _symbols;
        private readonly FenceApi _api;
        private readonly EffectClassifier _effects;
        private readonly EffectLists _lists;
        private readonly IMethodSymbol? _method;
        private readonly CancellationToken _cancellationToken;
        private readonly ConcurrentDictionary<ISymbol, GraphNode> _memberNodes;
        private readonly RecordedAssemblies _recorded;
        private readonly FenceEvents _events = new FenceEvents();
        private List<Step>? _steps; // made with the first step: a body that does not matter records none
        private readonly SectionBalance _balance;

        // Made when first needed: most bodies take no lock, touch no reservation, keep no fence in a local.
        private List<LockHold>? _locks;
        private List<ReservationUse>? _reservations;
        private Dictionary<ILocalSymbol, GraphNode?>? _locals;
        private List<int>? _invokedParameters;
        private List<(ISymbol Holder, DelegateSource Source)>? _stores;
        private List<ReservationPass>? _passes;
        private Dictionary<IOperation, int>? _lambdaBodies;
        private List<(LockAcquisition Acquisition, int Body, FenceEvent Event)>? _acquisitions;
        private readonly bool _allocationsEverywhere;
        private int _ownAllocationAt = int.MaxValue;
        private IOperation? _lastLambda;
        private int _lastBody;
        private IOperation? _delegatesFor;
        private (DelegateSource? Invoked, (int Ordinal, DelegateSource Source)[]? Arguments) _delegates;
        private bool _opensSection;
        private bool _mentionsSection;
        private bool _mentionsIndefinite;
        private bool _touchesFences;

        // Steps are recorded once the body matters: it names a fence, a task source, a reservation or a section, or takes a
        // lock (or the member is checked as a section as a whole). Until then the operations that could be steps wait here
        // (one list per thread, reused), and are recorded in order the moment the body turns out to matter; a body that
        // never does (most of any codebase) classifies nothing and keeps only its calls.
        [System.ThreadStatic]
        private static List<(IOperation Operation, Region Region, IMethodSymbol? Callee, FenceSource? Waits)>? t_pending;
        private readonly List<(IOperation Operation, Region Region, IMethodSymbol? Callee, FenceSource? Waits)> _pending;
        private bool _records;

        private BodyWalker(
            KnownSymbols symbols, FenceApi api, EffectClassifier effects, EffectLists lists, IMethodSymbol? method,
            ConcurrentDictionary<ISymbol, GraphNode> memberNodes, RecordedAssemblies recorded, CancellationToken cancellationToken)
        {
            _recorded = recorded;
            _symbols = symbols;
            _api = api;
            _effects = effects;
            _lists = lists;
            _method = method?.OriginalDefinition;
            _memberNodes = memberNodes;
            _cancellationToken = cancellationToken;
            _balance = new SectionBalance(symbols);

            // A void M(Fence) method may be registered as a callback, and is then checked as a section as a whole.
            _allocationsEverywhere = method is { MethodKind: MethodKind.Ordinary, ReturnsVoid: true, Parameters.Length: 1 } && symbols.IsFence(method.Parameters[0].Type);
            // Taken from the thread's slot while in use, so that a walk started inside another could never share it.
            _pending = t_pending ?? new List<(IOperation, Region, IMethodSymbol?, FenceSource?)>();
            t_pending = null;
        }

        /// <summary>
        /// The facts of <paramref name="method"/>'s bodies (more than one only for partial declarations), or of a member
        /// that is no method (a field initializer: <paramref name="method"/> null).
        /// </summary>
        /// <param name="symbols">The runtime's symbols.</param>
        /// <param name="api">What the runtime's calls do to fences.</param>
        /// <param name="effects">The classifier of single operations.</param>
        /// <param name="lists">The member lists configured for the method's file.</param>
        /// <param name="method">The method (or local function, or lambda invoked in place) the bodies belong to.</param>
        /// <param name="bodies">Its bodies.</param>
        /// <param name="implementations">For a virtual or interface member, its implementations in the compilation: it calls each.</param>
        /// <param name="memberNodes">The nodes of fields, properties and fence-returning methods, shared per compilation (their names are costly to build).</param>
        /// <param name="recorded">The referenced assemblies whose members' summaries are recorded: calls into them are calls.</param>
        /// <param name="cancellationToken">Checked every 256 operations.</param>
        /// <param name="recordSteps">Record every step, whether or not the body matters (for a body whose effects a rule asks for).</param>
        /// <param name="member">For a member that is no method (<paramref name="method"/> null), the member whose initializer this is.</param>
        public static BodyFacts Collect(
            KnownSymbols symbols, FenceApi api, EffectClassifier effects, EffectLists lists, IMethodSymbol? method, IEnumerable<IOperation> bodies,
            IReadOnlyList<IMethodSymbol> implementations, ConcurrentDictionary<ISymbol, GraphNode> memberNodes, RecordedAssemblies recorded,
            CancellationToken cancellationToken, bool recordSteps = false, ISymbol? member = null)
        {
            var walker = new BodyWalker(symbols, api, effects, lists, method, memberNodes, recorded, cancellationToken);
            var regions = new RegionWalker(symbols, api, cancellationToken);
            SectionInfo? memberSection = method is not null && symbols.HasSignallingPath(method)
                ? SectionInfo.ForSignallingPath(method, method.Locations.IsEmpty ? Location.None : method.Locations[0])
                : null;

            // What is checked as a whole matters from its first operation: a [SignallingPath] member, a possible callback
            // method, and a [RecoverableFaults] workload (a member of such a type included, an initializer's too).
            walker._records = recordSteps || memberSection is not null || walker._allocationsEverywhere || symbols.IsRecoverableFaults((ISymbol?)method ?? member);
            foreach (IOperation body in bodies)
            {
                regions.Walk(body, memberSection, walker.Visit);
            }

            return walker.Finish(regions.FunctionParents, implementations);
        }

        private BodyFacts Finish(IReadOnlyList<int> functionParents, IReadOnlyList<IMethodSymbol> implementations)
        {
            // Source order, once: events are shared by every thread that reads or folds them, so they never change after this.
            for (int i = 0; i < _events.Bodies.Count; i++)
            {
                List<FenceEvent> events = _events.Bodies[i];
                if (!IsSorted(events))
                {
                    // Rare (a using's Dispose is ordered at the end of its scope): a stable sort, so ties keep walk order.
                    _events.Bodies[i] = events.Select((e, index) => (e, index))
                        .OrderBy(x => x.e.Position).ThenBy(x => x.index).Select(x => x.e).ToList();
                }
            }

            var callees = new List<(IMethodSymbol, SyntaxNode?, Location?)>();
            foreach (Step step in (IEnumerable<Step>?)_steps ?? System.Array.Empty<Step>())
            {
                if (step is { Function: 0, Callee: { } callee } && !SymbolEqualityComparer.Default.Equals(callee, _method))
                {
                    callees.Add((callee, step.Syntax, null));
                }
            }

            // A body that never mattered recorded no steps: its calls are the ones still waiting.
            foreach ((IOperation operation, Region region, IMethodSymbol? callee, _) in _pending)
            {
                if (region.Function == 0 && callee is not null && !SymbolEqualityComparer.Default.Equals(callee, _method))
                {
                    callees.Add((callee, operation.Syntax, null));
                }
            }

            _pending.Clear(); // no operation outlives the walk
            t_pending = _pending;

            // Dispatch: a virtual or interface member calls each of its implementations in the compilation.
            foreach (IMethodSymbol implementation in implementations)
            {
                Location at = implementation.Locations.FirstOrDefault() ?? Location.None;
                callees.Add((implementation, null, at));
                _events.Bodies[0].Add(Dispatch(implementation, at));
            }

            // What the fence summary folds: the method's own calls, and also those of its lambdas and the method groups it
            // registers as callbacks. They must be summarized first (or with it, in one component), whatever order the
            // analyzers ask in, or the result would depend on scheduling.
            var dependencies = new List<IMethodSymbol>(callees.Count);
            HashSet<IMethodSymbol>? seen = callees.Count > 8 ? new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) : null;
            void Depend(IMethodSymbol callee)
            {
                // A set only for bodies with many calls; a short list is searched.
                if (seen is not null ? seen.Add(callee) : !dependencies.Contains(callee, SymbolEqualityComparer.Default))
                {
                    dependencies.Add(callee);
                }
            }

            foreach ((IMethodSymbol callee, _, _) in callees)
            {
                Depend(callee);
            }

            foreach (List<FenceEvent> body in _events.Bodies)
            {
                foreach (FenceEvent e in body)
                {
                    if (e.Callee is { } callee && !SymbolEqualityComparer.Default.Equals(callee, _method))
                    {
                        Depend(callee);
                    }
                }
            }

            IReadOnlyList<Imbalance> imbalances = _balance.IsEmpty ? System.Array.Empty<Imbalance>() : _balance.Check();
            // Exact arrays, not lists: the record lives as long as the compilation, and a list's spare capacity with it.
            return new BodyFacts(_events.IsEmpty ? FenceEvents.Empty : _events, _steps is null ? System.Array.Empty<Step>() : _steps.ToArray(),
                (IReadOnlyList<LockHold>?)_locks?.ToArray() ?? System.Array.Empty<LockHold>(),
                (IReadOnlyList<ReservationUse>?)_reservations?.ToArray() ?? System.Array.Empty<ReservationUse>(), imbalances,
                functionParents.Count == 1 ? RootOnly : functionParents.ToArray(),
                callees.Count == 0 ? System.Array.Empty<(IMethodSymbol, SyntaxNode?, Location?)>() : callees.ToArray(),
                dependencies.Count == 0 ? System.Array.Empty<IMethodSymbol>() : dependencies.ToArray(),
                (_opensSection, _mentionsSection, _mentionsIndefinite), (_records, _touchesFences), _invokedParameters?.ToArray(), _stores?.ToArray(), _passes?.ToArray());
        }

        private static readonly int[] RootOnly = { -1 };

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
        private FenceEvent Dispatch(IMethodSymbol implementation, Location site)
        {
            GraphNode?[]? arguments = null;
            foreach (IParameterSymbol parameter in _method!.Parameters)
            {
                if (KindOf(parameter.Type) is { } kind && parameter.Ordinal < implementation.Parameters.Length)
                {
                    (arguments ??= new GraphNode?[implementation.Parameters.Length])[parameter.Ordinal] =
                        new GraphNode("param:" + parameter.Ordinal, $"parameter '{parameter.Name}'", kind, parameter.Ordinal);
                }
            }

            return new FenceEvent(FenceEventKind.Call, null, site, int.MaxValue) { Callee = implementation, Arguments = arguments };
        }

        /// <summary>One operation, with where it runs: flags, the step, the section balance, and (outside local functions) fence events.</summary>
        private void Visit(IOperation operation, Region region)
        {
            Flag(operation);
            _balance.Observe(operation);
            TrackStore(operation);
            if (!OperationKinds.MayMatter(operation.Kind))
            {
                return; // a literal, a reference, an argument, a statement: no fact comes from it
            }

            IMethodSymbol? callee = CallTargets.CalleeOf(operation, _recorded);
            TrackInvokedParameter(operation, callee, region);
            if (callee is not null && operation is IInvocationOperation or IObjectCreationOperation && _symbols.HasSignallingPath(callee))
            {
                TrackReservationPasses(operation, callee, region);
            }

            IOperation? waited = null;
            bool waits = _api.IsWait(operation, out waited);

            // Body -1: inside a local function, which is summarized on its own; lambdas' bodies are ordered on their own.
            int body = region.UnderLocalFunction ? -1 : region.FunctionOperation is { } function ? BodyOf(function) : 0;
            if (body >= 0 && operation is not ILocalFunctionOperation)
            {
                Events(operation, body, region, callee, waits, waited);
            }

            FenceSource? source = waits ? _api.SourceOf(waited) : null;
            if (_records)
            {
                Record(operation, region, callee, source);
            }
            else
            {
                _pending.Add((operation, region, callee, source));
            }
        }

        /// <summary>A call to a [SignallingPath] method: each argument that names an object, for FG0008's check of what the caller reserved.</summary>
        private void TrackReservationPasses(IOperation operation, IMethodSymbol callee, Region region)
        {
            System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments = operation is IInvocationOperation invocation
                ? invocation.Arguments
                : ((IObjectCreationOperation)operation).Arguments;
            foreach (IArgumentOperation argument in arguments)
            {
                if (argument.Parameter is { } parameter && MayReachReservation(parameter.Type) && AccessPath.Of(argument.Value) is { IsExact: true } path)
                {
                    (_passes ??= new List<ReservationPass>()).Add(new ReservationPass(callee, parameter.Ordinal, path,
                        argument.Value.WithoutConversions()!.Syntax, operation.Syntax, region));
                }
            }
        }

        /// <summary>
        /// Whether a parameter of this type can lead the callee to a reservation object: it is one, or it has a field or
        /// property that is one (<c>job.Resv</c>). Deeper paths are not followed.
        /// </summary>
        private bool MayReachReservation(ITypeSymbol type)
        {
            if (_api.KindOfType(type) == FenceSourceKind.Reservation)
            {
                return true;
            }

            if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named || named.SpecialType != SpecialType.None)
            {
                return false;
            }

            foreach (ISymbol member in named.GetMembers())
            {
                if (member is IFieldSymbol { Type: { } fieldType } && _api.KindOfType(fieldType) == FenceSourceKind.Reservation ||
                    member is IPropertySymbol { Type: { } propertyType } && _api.KindOfType(propertyType) == FenceSourceKind.Reservation)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A delegate stored into a field, property or event (<c>_onRetire = () => …</c>, <c>Retired += OnRetired</c>, an initializer), when its source is known.</summary>
        private void TrackStore(IOperation operation)
        {
            switch (operation)
            {
                case IFieldInitializerOperation initializer:
                    foreach (IFieldSymbol field in initializer.InitializedFields)
                    {
                        Store(field, initializer.Value);
                    }

                    break;
                case IPropertyInitializerOperation initializer:
                    foreach (IPropertySymbol property in initializer.InitializedProperties)
                    {
                        Store(property, initializer.Value);
                    }

                    break;
                default:
                    if (CallTargets.StoreOf(operation) is { Target: { } target, Value: { } value } && CallTargets.StoredInto(target) is { } holder)
                    {
                        Store(holder, value);
                    }

                    break;
            }
        }

        private void Store(ISymbol holder, IOperation value)
        {
            if (CallTargets.HoldsDelegates(holder) && DelegateSource.Of(value, _method, _recorded) is { } source)
            {
                (_stores ??= new List<(ISymbol, DelegateSource)>()).Add((holder.OriginalDefinition, source));
            }
        }

        /// <summary>The method's own code invoking one of its delegate parameters: what a caller passes for it runs here.</summary>
        private void TrackInvokedParameter(IOperation operation, IMethodSymbol? callee, Region region)
        {
            if (region.Function == 0 && DelegatesOf(operation, callee).Invoked is { Parameter: >= 0 and int ordinal } &&
                (_invokedParameters is null || !_invokedParameters.Contains(ordinal)))
            {
                (_invokedParameters ??= new List<int>()).Add(ordinal);
            }
        }

        /// <summary>
        /// The delegates an operation runs, worked out once per operation (its fence events and its step both read them): the
        /// source of the delegate it invokes (<c>_onRetire()</c>, <c>action?.Invoke()</c>), and, for a call, its delegate
        /// arguments whose source is known, by parameter ordinal.
        /// </summary>
        private (DelegateSource? Invoked, (int Ordinal, DelegateSource Source)[]? Arguments) DelegatesOf(IOperation operation, IMethodSymbol? callee)
        {
            if (operation != _delegatesFor)
            {
                _delegatesFor = operation;
                DelegateSource? invoked = operation is IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke, Instance: { } instance }
                    ? DelegateSource.Of(instance, _method, _recorded)
                    : null;
                _delegates = (invoked, callee is null ? null : DelegateArgumentsOf(operation)?.ToArray());
            }

            return _delegates;
        }

        /// <summary>A call's delegate arguments whose source is known (<see cref="DelegateSource.Of"/>), by parameter ordinal.</summary>
        private List<(int Ordinal, DelegateSource Source)>? DelegateArgumentsOf(IOperation operation)
        {
            System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments = operation switch
            {
                IInvocationOperation invocation => invocation.Arguments,
                IObjectCreationOperation creation => creation.Arguments,
                _ => default,
            };
            if (arguments.IsDefaultOrEmpty)
            {
                return null;
            }

            List<(int, DelegateSource)>? found = null;
            foreach (IArgumentOperation argument in arguments)
            {
                if (argument.Parameter is { Type.TypeKind: TypeKind.Delegate } parameter && DelegateSource.Of(argument.Value, _method, _recorded) is { } source)
                {
                    (found ??= new List<(int, DelegateSource)>()).Add((parameter.Ordinal, source));
                }
            }

            return found;
        }

        /// <summary><c>_onRetire()</c>, <c>Retired?.Invoke(...)</c>: a delegate read from a field, property or event, invoked; null otherwise.</summary>
        private DelegateSource? InvokedHolder(IOperation operation, IMethodSymbol? callee) =>
            callee is null && DelegatesOf(operation, callee).Invoked is { Holder: not null } holder ? holder : null;

        /// <summary>The body matters: the operations that waited are recorded, in walk order, and every later one as it comes.</summary>
        private void StartRecording()
        {
            if (_records)
            {
                return;
            }

            _records = true;
            foreach ((IOperation operation, Region region, IMethodSymbol? callee, FenceSource? waits) in _pending)
            {
                Record(operation, region, callee, waits);
            }

            _pending.Clear();
        }

        private void Flag(IOperation operation)
        {
            if (!_opensSection && operation switch
                {
                    IInvocationOperation call => _symbols.IsFenceMethod(call.TargetMethod, "BeginSignalling") || _symbols.IsFenceMethod(call.TargetMethod, "AddCallback"),
                    IAnonymousFunctionOperation lambda => _symbols.HasSignallingPath(lambda.Symbol),
                    ILocalFunctionOperation local => _symbols.HasSignallingPath(local.Symbol),
                    _ => false,
                })
            {
                _opensSection = true;
            }

            if (operation.Type is { } type)
            {
                _mentionsSection |= _symbols.IsSignallingSection(type);
                _mentionsIndefinite |= _symbols.IsUserFence(type) || _symbols.IsTaskCompletionSource(type);
                if (!_records && (_mentionsSection || _mentionsIndefinite || _api.KindOfType(type) is not null))
                {
                    StartRecording(); // a fence, a task source, a reservation or a section
                }
            }

            if (!_records && _opensSection)
            {
                StartRecording();
            }
        }

        /// <summary>The step of an operation that has an effect, a callee, a wait or a callback method group; its reservation use.</summary>
        private void Record(IOperation operation, Region region, IMethodSymbol? callee, FenceSource? waits)
        {
            // Allocations are classified where a rule reads them: in a section, in a body that may be checked as a
            // callback, and in the member's own code wherever an allocation could still be its summary's witness (the
            // first in source order: an operation that starts at or after the witness found so far cannot be). Elsewhere
            // no rule asks whether an operation allocates, and deciding it is the costly part of classification.
            bool ownCode = region.Function == 0;
            bool allocations = region.Section is not null || _allocationsEverywhere || (ownCode && operation.Syntax.SpanStart < _ownAllocationAt);
            Effect? effect = _effects.Classify(operation, _lists, allocations);
            Location? eagerSite = operation is IArrayCreationOperation { IsImplicit: true } ? Sites.Of(operation) : null;
            if (ownCode && effect is { Kind: EffectKind.Allocation })
            {
                _ownAllocationAt = System.Math.Min(_ownAllocationAt, (eagerSite ?? Sites.Of(operation.Syntax)).SourceSpan.Start);
            }
            IMethodSymbol? callbackMethod = null;
            IInvocationOperation? registration = null;
            if (operation is IDelegateCreationOperation { Target: IMethodReferenceOperation reference } && _api.RegistrationOf(operation) is { } registered)
            {
                callbackMethod = reference.Method.OriginalDefinition;
                registration = registered;
            }

            DelegateSource? invokes = InvokedHolder(operation, callee);
            if (effect is not null || callee is not null || waits is not null || callbackMethod is not null || invokes is not null)
            {
                // The site of an implicit params array is its elements (Sites); every other site is made from syntax when needed.
                (_steps ??= new List<Step>()).Add(new Step(operation.Syntax, eagerSite, region)
                {
                    Effect = effect,
                    Callee = callee,
                    Waits = waits,
                    CallbackMethod = callbackMethod,
                    CallbackOf = registration is null ? null : _api.RegisteredOn(registration),
                    IsFenceCallback = registration is not null && _symbols.IsFenceMethod(registration.TargetMethod, "AddCallback"),
                    DelegateArguments = DelegatesOf(operation, callee).Arguments,
                    Invokes = invokes,
                });
            }

            if (operation is IInvocationOperation registering && _api.Registration(registering) is { Callback: var kept } && CallTargets.HolderOf(kept) is { } holder)
            {
                // fence.AddCallback(_onDone): whatever the compilation stores in the member is the callback; a step of its own, where the member is named.
                (_steps ??= new List<Step>()).Add(new Step(kept.Syntax, null, region)
                {
                    CallbackHolder = DelegateSource.ForHolder(holder),
                    CallbackOf = _api.RegisteredOn(registering),
                    IsFenceCallback = _symbols.IsFenceMethod(registering.TargetMethod, "AddCallback"),
                });
            }

            if (operation is IInvocationOperation { TargetMethod.Name: "ReserveSlots" or "AddFence" } call &&
                SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, _symbols.ReservationObject))
            {
                (_reservations ??= new List<ReservationUse>()).Add(new ReservationUse(call.TargetMethod.Name == "ReserveSlots", AccessPath.Of(call.Instance),
                    call.Instance?.Syntax.ToString() ?? "ReservationObject", Sites.Of(call), call.Syntax.Span.End, region));
            }
        }

        private int BodyOf(IOperation lambda)
        {
            if (lambda == _lastLambda)
            {
                return _lastBody; // the operations of one lambda come one after another
            }

            _lastLambda = lambda;
            _lastBody = LookUpBodyOf(lambda);
            return _lastBody;
        }

        private int LookUpBodyOf(IOperation lambda)
        {
            _lambdaBodies ??= new Dictionary<IOperation, int>();
            if (!_lambdaBodies.TryGetValue(lambda, out int index))
            {
                index = _events.Bodies.Count;
                _events.Bodies.Add(new List<FenceEvent>());
                _lambdaBodies[lambda] = index;
            }

            return index;
        }

        private void Events(IOperation operation, int body, Region region, IMethodSymbol? callee, bool waits, IOperation? waited)
        {
            switch (operation)
            {
                case IInvocationOperation call:
                    CallEvents(call, body, region, callee, waits, waited);
                    return;
                case IVariableDeclaratorOperation declarator:
                    Assign(declarator.Symbol, declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value);
                    return;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                    Assign(target.Local, assignment.Value);
                    return;
                case IAwaitOperation or IPropertyReferenceOperation when waits && NodeOf(waited) is { Kind: not NodeKind.Lock } node:
                    Add(body, FenceEventKind.Wait, operation, node, region);
                    return;
                case ILockOperation when LockAcquisition.Of(operation, _symbols) is { } acquisition:
                    AddAcquisition(acquisition, body, region);
                    return;
                default:
                    if (callee is not null)
                    {
                        AddCall(body, operation, callee, region);
                    }

                    return;
            }
        }

        private void CallEvents(IInvocationOperation call, int body, Region region, IMethodSymbol? callee, bool waits, IOperation? waited)
        {
            INamedTypeSymbol? type = call.TargetMethod.ContainingType?.OriginalDefinition;
            if (type is null)
            {
                return;
            }

            if (waits)
            {
                if (NodeOf(waited) is { } node)
                {
                    Add(body, FenceEventKind.Wait, call, node, region);
                }

                return;
            }

            if (_api.Signalled(call, out _) is { } signalled)
            {
                if (NodeOf(signalled) is { } node)
                {
                    Add(body, FenceEventKind.Signal, call, node, region);
                }

                return;
            }

            if (_api.Registration(call) is { } registration)
            {
                if (NodeOf(registration.Source) is { } source)
                {
                    AddCallback(body, call, source, registration.Callback, region);
                }

                return;
            }

            if (_symbols.IsFence(type) || _symbols.IsUserFence(type) || _symbols.IsTaskCompletionSource(type) || _api.TaskSourceOf(call.Instance) is not null)
            {
                return; // the runtime's and the task source's other members order nothing
            }

            if (SymbolEqualityComparer.Default.Equals(type, _symbols.ReservationObject))
            {
                if (call.TargetMethod.Name == "AddFence" && call.Arguments.Length > 0 && NodeOf(call.Instance) is { } container &&
                    NodeOf(call.Arguments.ArgumentFor(0)) is { } added)
                {
                    Add(body, FenceEventKind.Publish, call, added, region).Container = container;
                }
                else if (LockAcquisition.Of(call, _symbols) is { } reservationLock)
                {
                    AddAcquisition(reservationLock, body, region);
                }

                return;
            }

            if (LockAcquisition.Of(call, _symbols) is { } acquisition)
            {
                AddAcquisition(acquisition, body, region);
                return;
            }

            if (callee is not null)
            {
                AddCall(body, call, callee, region);
            }
            else if (InvokedHolder(call, callee) is { } holder)
            {
                // Whatever the compilation stores in the field, property or event runs here (resolved by the summaries).
                Add(body, FenceEventKind.Call, call, null, region).Invokes = holder;
            }
        }

        private void AddCall(int body, IOperation site, IMethodSymbol callee, Region region)
        {
            FenceEvent call = Add(body, FenceEventKind.Call, site, null, region);
            call.Callee = callee;
            call.Arguments = BindArguments(site, callee);
            call.Delegates = DelegatesOf(site, callee).Arguments;
        }

        private void AddCallback(int body, IOperation site, GraphNode source, IOperation? callback, Region region)
        {
            FenceEvent registration = Add(body, FenceEventKind.Callback, site, source, region);
            if (CallTargets.HolderOf(callback) is { } holder)
            {
                registration.Invokes = DelegateSource.ForHolder(holder); // kept in a field, property or event: its targets (the summaries resolve them)
                return;
            }

            callback = CallTargets.DelegateValue(callback); // a callback kept in a local first: the lambda or method group it holds
            switch (callback)
            {
                case IAnonymousFunctionOperation lambda:
                    registration.CallbackBody = BodyOf(lambda);
                    break;
                case IMethodReferenceOperation { Method: { } method } reference
                    when (method.DeclaringSyntaxReferences.Length > 0 && CallTargets.InCompilationOf(method, reference)) || _recorded.Contains(method.ContainingAssembly):
                    registration.Callee = method.OriginalDefinition;
                    break;
            }
        }

        private void AddAcquisition(LockAcquisition acquisition, int body, Region region)
        {
            GraphNode node = GraphNode.ForLock(acquisition.Class);
            FenceEvent taken = Add(body, FenceEventKind.Acquire, acquisition.Operation, node, region, acquisition.Site);
            taken.Lock = acquisition.Class;
            taken.Construct = acquisition.Construct;
            (_acquisitions ??= new List<(LockAcquisition, int, FenceEvent)>()).Add((acquisition, body, taken));
            (_locks ??= new List<LockHold>()).Add(new LockHold(acquisition, region));
        }

        private FenceEvent Add(int body, FenceEventKind kind, IOperation operation, GraphNode? node, Region region, Location? site = null)
        {
            var fenceEvent = new FenceEvent(kind, operation.Syntax, site, PositionOf(operation)) { Node = node };
            if (kind is FenceEventKind.Acquire or FenceEventKind.Call)
            {
                fenceEvent.Section = region.Section;
            }

            if (kind != FenceEventKind.Call)
            {
                // A lock alone orders no fence: its edges need a wait under it or a signal after it, in a body that is then
                // where edges start itself (or calls one that is).
                _touchesFences |= kind != FenceEventKind.Acquire;
                StartRecording(); // a wait, a signal, a callback, a lock or a publication
            }

            if (_acquisitions is not null)
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

        /// <summary>
        /// The graph node an expression denotes, or null when it is not a fence, reservation or task source, or has no
        /// identity. By <see cref="AccessPath"/>: a field or property is one node whatever the object it is read from
        /// (a class, as lockdep has them); a parameter of this method, a local (what it was assigned first), and the
        /// fence a method with a body returns are nodes of their own.
        /// </summary>
        private GraphNode? NodeOf(IOperation? expression)
        {
            expression = expression.WithoutConversions();
            if (_api.TaskSourceOf(expression) is { } source)
            {
                return NodeOf(source);
            }

            if (expression is null || KindOf(expression.Type) is not { } kind ||
                !AccessPath.ClassOf(expression, out ISymbol? member, out AccessRoot root, out ISymbol? rootSymbol))
            {
                return null;
            }

            switch (member)
            {
                case IFieldSymbol field:
                    return _memberNodes.GetOrAdd(field, f => new GraphNode("F:" + f.ToDisplayString(), $"'{f.ContainingType.Name}.{f.Name}'", kind));
                case IPropertySymbol property:
                    return _memberNodes.GetOrAdd(property, p => new GraphNode("P:" + p.ToDisplayString(), $"'{p.ContainingType.Name}.{p.Name}'", kind));
            }

            switch (rootSymbol)
            {
                case IParameterSymbol parameter when SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol?.OriginalDefinition, _method):
                    return new GraphNode("param:" + parameter.Ordinal, $"parameter '{parameter.Name}'", kind, parameter.Ordinal);
                case ILocalSymbol local:
                    return _locals is not null && _locals.TryGetValue(local, out GraphNode? aliased) && aliased is not null ? aliased : LocalNode(local, kind);
                case IMethodSymbol { DeclaringSyntaxReferences.Length: > 0 } returning when root == AccessRoot.Returned && CallTargets.InCompilationOf(returning, expression):
                    return _memberNodes.GetOrAdd(returning, m => new GraphNode("R:" + m.ToDisplayString(), $"the fence returned by '{m.Name}'", kind));
                default:
                    return null;
            }
        }

        /// <summary>Records what a local stands for at its declaration or first assignment: the fence it is given, or itself.</summary>
        private void Assign(ILocalSymbol local, IOperation? value)
        {
            if (KindOf(local.Type) is { } kind && (_locals is null || !_locals.ContainsKey(local)))
            {
                GraphNode? node = NodeOf(value);
                (_locals ??= new Dictionary<ILocalSymbol, GraphNode?>(SymbolEqualityComparer.Default))[local] = node ?? LocalNode(local, kind);
            }
        }

        private static GraphNode LocalNode(ILocalSymbol local, NodeKind kind)
        {
            Location location = local.Locations.IsEmpty ? Location.None : local.Locations[0];
            int line = location.GetLineSpan().StartLinePosition.Line + 1;
            return new GraphNode($"L:{location.SourceTree?.FilePath}:{location.SourceSpan.Start}", $"'{local.Name}' (line {line})", kind);
        }

        /// <summary>The graph node kind of a fence-like type (<see cref="FenceApi.KindOfType"/>), or null.</summary>
        private NodeKind? KindOf(ITypeSymbol? type) => _api.KindOfType(type) switch
        {
            FenceSourceKind.UserFence => NodeKind.UserFence,
            FenceSourceKind.TaskSource => NodeKind.TaskSource,
            FenceSourceKind.Reservation => NodeKind.Reservation,
            FenceSourceKind.Bounded => NodeKind.Fence,
            _ => null,
        };
    }
}
