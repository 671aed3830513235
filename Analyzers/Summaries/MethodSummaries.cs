using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using FenceGuard.Analyzers.Facts;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>
    /// Per-method summaries for one compilation, computed lazily, once per method, and cached. A method's summary
    /// folds its direct effects with its callees' summaries over the call graph's strongly connected components
    /// (recursion and mutual recursion reach a fixpoint); no method body is walked twice and no path is enumerated.
    /// A call to a virtual, abstract or interface member stands for a call to each of its overrides and
    /// implementations in this compilation (and to its own body, if it has one): the member's summary is the union of
    /// theirs. Implementations in other assemblies are unknown, as is any target of a delegate.
    /// </summary>
    internal sealed class MethodSummaries
    {
        /// <summary>Lock stripes for the per-compilation caches: more than the default (one per core) keeps concurrent writers apart.</summary>
        private const int Concurrency = 32;

        private readonly Compilation _compilation;
        private readonly KnownSymbols _symbols;
        private readonly EffectClassifier _effects;
        private readonly FenceApi _api;
        private readonly object _implementationsGate = new object();
        private Dictionary<IMethodSymbol, List<IMethodSymbol>>? _implementations;
        private readonly ConcurrentDictionary<IMethodSymbol, MethodSummary> _summaries = new ConcurrentDictionary<IMethodSymbol, MethodSummary>(Concurrency, 256, SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, Lazy<BodyFacts>> _facts = new ConcurrentDictionary<IMethodSymbol, Lazy<BodyFacts>>(Concurrency, 256, SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, Lazy<BodyFacts>> _memberFacts = new ConcurrentDictionary<ISymbol, Lazy<BodyFacts>>(Concurrency, 64, SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, Lazy<BodyFacts>> _recorded = new ConcurrentDictionary<IMethodSymbol, Lazy<BodyFacts>>(Concurrency, 16, SymbolEqualityComparer.Default);
        private readonly object _reachGate = new object();
        private HashSet<IMethodSymbol>? _reachingFences;
        private readonly ConcurrentDictionary<ISymbol, GraphNode> _memberNodes = new ConcurrentDictionary<ISymbol, GraphNode>(Concurrency, 256, SymbolEqualityComparer.Default);

        private readonly ConcurrentDictionary<IMethodSymbol, IReadOnlyList<IMethodSymbol>> _dependencies = new ConcurrentDictionary<IMethodSymbol, IReadOnlyList<IMethodSymbol>>(Concurrency, 16, SymbolEqualityComparer.Default);
        private readonly DelegateTargets _delegates;
        private readonly ConcurrentDictionary<IMethodSymbol, IReadOnlyList<(IMethodSymbol, SyntaxNode?, DelegateHop)>> _hops =
            new ConcurrentDictionary<IMethodSymbol, IReadOnlyList<(IMethodSymbol, SyntaxNode?, DelegateHop)>>(Concurrency, 16, SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, IReadOnlyList<ReservationNeed>> _needs = new ConcurrentDictionary<IMethodSymbol, IReadOnlyList<ReservationNeed>>(Concurrency, 16, SymbolEqualityComparer.Default);

        private readonly System.Func<SyntaxTree?, EffectLists> _allocatingMembersFor;
        private readonly ReferencedSummaries _referenced;
        private readonly bool _recordsEffects;
        private readonly Func<IMethodSymbol, FenceSummary?> _finishedFences;

        /// <param name="compilation">The compilation whose method bodies are summarized.</param>
        /// <param name="symbols">The runtime's symbols.</param>
        /// <param name="effects">The classifier of single operations.</param>
        /// <param name="api">What the runtime's calls do to fences.</param>
        /// <param name="allocatingMembersFor">The allocating members configured for a tree: a method's facts always use
        /// its own file's list, so a summary does not depend on which caller asked first.</param>
        /// <param name="referenced">The summaries recorded for referenced assemblies: a call into one uses its callee's.</param>
        /// <param name="recordsEffects">Whether every body's steps are recorded in its first walk: a build that records the
        /// compilation's summaries for other assemblies needs every exported member's effects, and a second binding of each
        /// body would cost far more.</param>
        public MethodSummaries(
            Compilation compilation, KnownSymbols symbols, EffectClassifier effects, FenceApi api, System.Func<SyntaxTree?, EffectLists> allocatingMembersFor,
            ReferencedSummaries? referenced = null, bool recordsEffects = false)
        {
            _referenced = referenced ?? ReferencedSummaries.None;
            _recordsEffects = recordsEffects;
            _finishedFences = callee => _summaries.TryGetValue(callee, out MethodSummary? finished) ? finished.Fences : null;
            _compilation = compilation;
            _symbols = symbols;
            _effects = effects;
            _api = api;
            _allocatingMembersFor = allocatingMembersFor;
            _delegates = new DelegateTargets(compilation, _referenced.Assemblies);
        }

        /// <summary>
        /// The delegate targets that run at a call or invocation: what the field, property or event <paramref name="invokes"/>
        /// holds, and the target of each delegate argument whose parameter <paramref name="callee"/> invokes (by its
        /// summary, <see cref="InvokedParametersOf"/>), each with the hop it is reached through.
        /// </summary>
        public IEnumerable<DelegateHop> DelegateCalls(
            IMethodSymbol? callee, DelegateSource? invokes, IReadOnlyList<(int Ordinal, DelegateSource Source)>? arguments, CancellationToken cancellationToken) =>
            DelegateCalls(callee, invokes, arguments, method => InvokedParametersOf(method, cancellationToken), cancellationToken);

        /// <summary>The delegates a step runs (<see cref="DelegateCalls(IMethodSymbol, DelegateSource, IReadOnlyList{ValueTuple{int, DelegateSource}}, CancellationToken)"/>); none, without allocating, for most steps.</summary>
        public IEnumerable<DelegateHop> DelegatesRunBy(Step step, CancellationToken cancellationToken) =>
            step.Invokes is null && step.DelegateArguments is null
                ? Array.Empty<DelegateHop>()
                : DelegateCalls(step.Callee, step.Invokes, step.DelegateArguments, cancellationToken);

        /// <summary>
        /// The same, with the callee's invoked parameters read from <paramref name="invokedOf"/> (a component's fold, in
        /// progress), or every parameter when null (summary dependencies, before any summary exists).
        /// </summary>
        private IEnumerable<DelegateHop> DelegateCalls(
            IMethodSymbol? callee, DelegateSource? invokes, IReadOnlyList<(int Ordinal, DelegateSource Source)>? arguments,
            Func<IMethodSymbol, IReadOnlyList<int>>? invokedOf, CancellationToken cancellationToken)
        {
            if (invokes is { Holder: { } holder })
            {
                foreach (IMethodSymbol target in _delegates.Of(invokes, cancellationToken))
                {
                    yield return new DelegateHop(holder, null, target);
                }
            }

            if (callee is null || arguments is null)
            {
                yield break;
            }

            IReadOnlyList<int>? invoked = invokedOf?.Invoke(callee);
            foreach ((int ordinal, DelegateSource source) in arguments)
            {
                if (source.Parameter >= 0 || (invoked is not null && !invoked.Contains(ordinal)) || ordinal >= callee.Parameters.Length)
                {
                    continue; // a parameter of the caller's own is bound by its callers
                }

                foreach (IMethodSymbol target in _delegates.Of(source, cancellationToken))
                {
                    yield return new DelegateHop(callee.Parameters[ordinal], callee, target);
                }
            }
        }

        /// <summary>
        /// The slots a <c>[SignallingPath]</c> method needs its callers to have reserved (<see cref="ReservationNeed"/>):
        /// each <c>AddFence</c> on an object reached from a parameter, in its own code or in a <c>[SignallingPath]</c>
        /// callee it passes the parameter to. Empty for any other method. Computed once per method.
        /// </summary>
        public IReadOnlyList<ReservationNeed> ReservationsNeededBy(IMethodSymbol method, CancellationToken cancellationToken) =>
            _needs.TryGetValue(CallTargets.SummaryKey(method), out IReadOnlyList<ReservationNeed>? known)
                ? known
                : _needs.GetOrAdd(CallTargets.SummaryKey(method), m => NeedsOf(m, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), cancellationToken));

        private IReadOnlyList<ReservationNeed> NeedsOf(IMethodSymbol method, HashSet<IMethodSymbol> visiting, CancellationToken cancellationToken)
        {
            if (!HasBody(method) || !_symbols.HasSignallingPath(method) || !visiting.Add(method))
            {
                return Array.Empty<ReservationNeed>();
            }

            BodyFacts facts = RecordedFactsOf(method, cancellationToken);
            var needs = new List<ReservationNeed>();
            void Add(ReservationNeed need)
            {
                if (!needs.Any(n => n.Ordinal == need.Ordinal && n.Members.SequenceEqual(need.Members, SymbolEqualityComparer.Default)))
                {
                    needs.Add(need);
                }
            }

            IParameterSymbol? OwnParameter(AccessPath? path) =>
                path is { Root: AccessRoot.Parameter, RootSymbol: IParameterSymbol parameter } &&
                SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol?.OriginalDefinition, method.OriginalDefinition)
                    ? parameter
                    : null;

            foreach (ReservationUse use in facts.Reservations)
            {
                // Inside the method everything is its section: a ReserveSlots there would allocate in it, so none counts.
                if (!use.Reserves && use.Function == 0 && OwnParameter(use.Target) is { } parameter)
                {
                    Add(new ReservationNeed(parameter.Ordinal, use.Target!.Members, parameter.Name, use.Site));
                }
            }

            foreach (ReservationPass pass in facts.ReservationPasses)
            {
                if (pass.Function == 0 && OwnParameter(pass.Argument) is { } parameter)
                {
                    foreach (ReservationNeed inner in NeedsOf(pass.Callee, visiting, cancellationToken))
                    {
                        if (inner.Ordinal == pass.Ordinal)
                        {
                            Add(new ReservationNeed(parameter.Ordinal, pass.Argument.Members.AddRange(inner.Members), parameter.Name, inner.AddFence));
                        }
                    }
                }
            }

            visiting.Remove(method);
            return needs.Count == 0 ? Array.Empty<ReservationNeed>() : needs.ToArray();
        }

        /// <summary>The delegate parameters <paramref name="method"/> invokes when it runs, directly or through its calls (<see cref="MethodSummary.InvokedParameters"/>).</summary>
        public IReadOnlyList<int> InvokedParametersOf(IMethodSymbol method, CancellationToken cancellationToken) =>
            Summary(CallTargets.SummaryKey(method), cancellationToken).InvokedParameters;

        /// <summary>
        /// Every method <paramref name="method"/>'s summary depends on: its calls, lambdas' calls and callbacks
        /// (<see cref="BodyFacts.Dependencies"/>), and the targets of the delegates it invokes or passes on.
        /// </summary>
        public IReadOnlyList<IMethodSymbol> DependenciesOf(IMethodSymbol method, CancellationToken cancellationToken)
        {
            BodyFacts facts = CachedFactsOf(method, null, cancellationToken);
            if (!facts.RunsDelegates)
            {
                return facts.Dependencies;
            }

            return _dependencies.TryGetValue(method, out IReadOnlyList<IMethodSymbol>? known) ? known : WithDelegateTargets(method, facts, cancellationToken);
        }

        /// <summary>A method's callees and the delegate targets its body runs, once (apart, so that <see cref="DependenciesOf"/> allocates no closure).</summary>
        private IReadOnlyList<IMethodSymbol> WithDelegateTargets(IMethodSymbol method, BodyFacts facts, CancellationToken cancellationToken)
        {
            return _dependencies.GetOrAdd(method, _ =>
            {
                var all = new List<IMethodSymbol>(facts.Dependencies);
                foreach (List<FenceEvent> body in facts.Events.Bodies)
                {
                    foreach (FenceEvent e in body)
                    {
                        foreach (DelegateHop hop in DelegateCalls(e.Callee, e.Invokes, e.Delegates, null, cancellationToken))
                        {
                            if (!SymbolEqualityComparer.Default.Equals(hop.Target, method) && !Contains(all, hop.Target))
                            {
                                all.Add(hop.Target);
                            }
                        }
                    }
                }

                return all.ToArray();
            });
        }

        /// <summary>
        /// Besides a member's own calls (<see cref="BodyFacts.Callees"/>), the calls a witness can go through: the delegate
        /// targets its own body runs, each with its hop and call site. Empty (and nothing allocated) for a body that runs no
        /// delegate; computed once per member otherwise.
        /// </summary>
        private IReadOnlyList<(IMethodSymbol Callee, SyntaxNode? Syntax, DelegateHop Via)> DelegateHopsOf(IMethodSymbol member, BodyFacts facts, CancellationToken cancellationToken)
        {
            if (facts.Events.Bodies.Count == 0 || !facts.RunsDelegates)
            {
                return Array.Empty<(IMethodSymbol, SyntaxNode?, DelegateHop)>();
            }

            return _hops.TryGetValue(member, out IReadOnlyList<(IMethodSymbol, SyntaxNode?, DelegateHop)>? known) ? known : ComputeDelegateHops(member, facts, cancellationToken);
        }

        /// <summary>A member's delegate hops, once (apart, so that <see cref="DelegateHopsOf"/> allocates no closure).</summary>
        private IReadOnlyList<(IMethodSymbol Callee, SyntaxNode? Syntax, DelegateHop Via)> ComputeDelegateHops(IMethodSymbol member, BodyFacts facts, CancellationToken cancellationToken)
        {
            return _hops.GetOrAdd(member, m =>
            {
                var hops = new List<(IMethodSymbol, SyntaxNode?, DelegateHop)>();
                foreach (FenceEvent e in facts.Events.Bodies[0])
                {
                    foreach (DelegateHop hop in DelegateCalls(e.Callee, e.Invokes, e.Delegates, cancellationToken))
                    {
                        if (!SymbolEqualityComparer.Default.Equals(hop.Target, m))
                        {
                            hops.Add((hop.Target, e.Syntax, hop));
                        }
                    }
                }

                return hops.ToArray();
            });
        }

        /// <summary>The summary computed for <paramref name="method"/> so far, or null (for reporting: witness chains).</summary>
        public MethodSummary? Known(IMethodSymbol method) =>
            _summaries.TryGetValue(CallTargets.SummaryKey(method), out MethodSummary? summary) ? summary : null;

        /// <summary>The facts of <paramref name="method"/>'s body (one walk, once per compilation).</summary>
        public BodyFacts FactsOf(IMethodSymbol method, CancellationToken cancellationToken) =>
            HasBody(method) ? CachedFactsOf(CallTargets.SummaryKey(method), null, cancellationToken) : BodyFacts.Empty;

        /// <summary>
        /// The facts of the member whose operation blocks the analyzer driver handed over. A method's facts are computed
        /// once per compilation, from <paramref name="driverBlocks"/> when nobody asked before, so a body the driver bound
        /// is not bound again. A member that is no method (a field or property initializer) is walked from its blocks.
        /// </summary>
        public BodyFacts FactsOf(ISymbol owner, System.Collections.Immutable.ImmutableArray<IOperation> driverBlocks, CancellationToken cancellationToken)
        {
            if (owner is IMethodSymbol method)
            {
                return HasBody(method) ? CachedFactsOf(CallTargets.SummaryKey(method), driverBlocks, cancellationToken) : BodyFacts.Empty;
            }

            return _memberFacts.TryGetValue(owner, out Lazy<BodyFacts>? known) ? known.Value : WalkMember(owner, driverBlocks, cancellationToken);
        }

        /// <summary>A member that is no method (a field or property initializer), walked once from its blocks, whichever analyzer asks first (<see cref="Once"/>).</summary>
        private BodyFacts WalkMember(ISymbol owner, System.Collections.Immutable.ImmutableArray<IOperation> driverBlocks, CancellationToken cancellationToken) =>
            Once(_memberFacts, owner, member =>
            {
                var roots = new List<IOperation>();
                foreach (IOperation block in driverBlocks)
                {
                    if (block.Syntax.FirstAncestorOrSelf<Microsoft.CodeAnalysis.CSharp.Syntax.AttributeSyntax>() is null)
                    {
                        roots.Add(block); // attribute applications are not executed code
                    }
                }

                return roots.Count == 0 ? BodyFacts.Empty : BodyWalker.Collect(_symbols, _api, _effects, _allocatingMembersFor(roots[0].Syntax.SyntaxTree), null, roots,
                    System.Array.Empty<IMethodSymbol>(), _memberNodes, _referenced.Assemblies, cancellationToken, member: member);
            }, cancellationToken);

        /// <summary>
        /// The facts of <paramref name="method"/> with every step recorded: a body that did not matter itself was walked
        /// for its calls only, and is bound and walked again, once, when a rule first asks for its effects (a callee of a
        /// section, a lock or a gate).
        /// </summary>
        public BodyFacts RecordedFactsOf(IMethodSymbol method, CancellationToken cancellationToken)
        {
            BodyFacts facts = FactsOf(method, cancellationToken);
            if (facts.StepsRecorded)
            {
                return facts;
            }

            IMethodSymbol key = CallTargets.SummaryKey(method);
            return !SymbolEqualityComparer.Default.Equals(key, key.OriginalDefinition)
                ? Once(_recorded, key, m => RecordedFactsOf(m.OriginalDefinition, cancellationToken).ForConstruction(ImplementationsOf(m, cancellationToken)), cancellationToken)
                : WalkOnce(_recorded, key, null, recordSteps: true, cancellationToken);
        }

        /// <summary>
        /// The methods, among those walked so far and everything they call, from which a fence event can be reached
        /// through calls: a method that touches a fence itself (<see cref="BodyFacts.TouchesFences"/>) and every caller
        /// of one, transitively. Only these can have a fence summary that is not empty, so only these are summarized for
        /// the graph. Asked at the end of the compilation, when every body has been walked; computed once.
        /// </summary>
        public HashSet<IMethodSymbol> ReachingFences(CancellationToken cancellationToken)
        {
            lock (_reachGate)
            {
                return _reachingFences ??= ComputeReachingFences(cancellationToken);
            }
        }

        private HashSet<IMethodSymbol> ComputeReachingFences(CancellationToken cancellationToken)
        {
            // Forward over the call edges, so that callees the driver never handed over (generated code) are walked too,
            // recording each edge backwards; then backward from the methods that touch fences. Delegates count as calls:
            // what a member holds is read from the stores every walked body recorded (every body has been walked by now),
            // not from the syntax, so the reach costs no search and no binding.
            var callers = new Dictionary<IMethodSymbol, List<IMethodSymbol>>(SymbolEqualityComparer.Default);
            var seen = new HashSet<IMethodSymbol>(_facts.Keys, SymbolEqualityComparer.Default);
            var work = new Stack<IMethodSymbol>(seen);
            var reach = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var back = new Stack<IMethodSymbol>();
            var stores = new Dictionary<ISymbol, List<(DelegateSource, IMethodSymbol?)>>(SymbolEqualityComparer.Default);
            var passes = new Dictionary<(IMethodSymbol, int), List<(DelegateSource, IMethodSymbol?)>>();
            var invokers = new Dictionary<ISymbol, List<IMethodSymbol>>(SymbolEqualityComparer.Default);
            var resolved = new HashSet<ISymbol>(SymbolEqualityComparer.Default);

            void Edge(IMethodSymbol caller, IMethodSymbol callee)
            {
                if (!callers.TryGetValue(callee, out List<IMethodSymbol>? list))
                {
                    callers[callee] = list = new List<IMethodSymbol>(2);
                }

                list.Add(caller);
                if (seen.Add(callee))
                {
                    work.Push(callee);
                }
            }

            void Root(IMethodSymbol method)
            {
                if (reach.Add(method))
                {
                    back.Push(method);
                }
            }

            foreach (KeyValuePair<ISymbol, Lazy<BodyFacts>> member in _memberFacts)
            {
                if (member.Value.IsValueCreated)
                {
                    AddStores(stores, member.Value.Value, null); // initializers: `readonly Action _drain = () => …;`
                }
            }

            while (work.Count > 0)
            {
                while (work.Count > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    IMethodSymbol method = work.Pop();
                    BodyFacts facts = FactsOf(method, cancellationToken);
                    if (facts.TouchesFences || Imported(method, cancellationToken) is { Fences.IsEmpty: false })
                    {
                        Root(method); // a method of a recorded reference is a root when its recorded summary touches fences
                    }

                    foreach (IMethodSymbol callee in facts.Dependencies)
                    {
                        Edge(method, callee);
                    }

                    AddStores(stores, facts, method);
                    foreach (List<FenceEvent> body in facts.Events.Bodies)
                    {
                        foreach (FenceEvent e in body)
                        {
                            if (e.Invokes is { Holder: { } holder })
                            {
                                if (!invokers.TryGetValue(holder, out List<IMethodSymbol>? list))
                                {
                                    invokers[holder] = list = new List<IMethodSymbol>(1);
                                }

                                list.Add(method);
                            }

                            if (e is { Callee: { } callee, Delegates: { } delegates })
                            {
                                foreach ((int ordinal, DelegateSource source) in delegates)
                                {
                                    if (!passes.TryGetValue((callee.OriginalDefinition, ordinal), out List<(DelegateSource, IMethodSymbol?)>? passed))
                                    {
                                        passes[(callee.OriginalDefinition, ordinal)] = passed = new List<(DelegateSource, IMethodSymbol?)>(1);
                                    }

                                    passed.Add((source, method));
                                    if (source.Method is { } target && ReachOf(target) is { } runs)
                                    {
                                        Edge(method, runs); // passed on: it may run in the call
                                    }
                                }
                            }
                        }
                    }
                }

                // The members invoked so far, resolved from the recorded stores: an invoker calls each target (a lambda
                // stands for the method it is written in, whose walk holds its body).
                foreach (KeyValuePair<ISymbol, List<IMethodSymbol>> invoked in invokers.ToList())
                {
                    if (!resolved.Add(invoked.Key))
                    {
                        continue;
                    }

                    IReadOnlyList<IMethodSymbol> targets = DelegateTargets.Resolve(
                        invoked.Key,
                        h => stores.TryGetValue(h, out List<(DelegateSource, IMethodSymbol?)>? found) ? found : Enumerable.Empty<(DelegateSource, IMethodSymbol?)>(),
                        (m, k) => passes.TryGetValue((m, k), out List<(DelegateSource, IMethodSymbol?)>? found) ? found : Enumerable.Empty<(DelegateSource, IMethodSymbol?)>(),
                        cancellationToken);
                    foreach (IMethodSymbol target in targets)
                    {
                        IMethodSymbol? runs = ReachOf(target);
                        foreach (IMethodSymbol invoker in invoked.Value)
                        {
                            if (runs is not null)
                            {
                                Edge(invoker, runs);
                            }
                            else if (InitializerTouchesFences(target))
                            {
                                Root(invoker);
                            }
                        }
                    }
                }
            }

            while (back.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (callers.TryGetValue(back.Pop(), out List<IMethodSymbol>? list))
                {
                    foreach (IMethodSymbol caller in list)
                    {
                        Root(caller);
                    }
                }
            }

            return reach;
        }

        private static void AddStores(Dictionary<ISymbol, List<(DelegateSource, IMethodSymbol?)>> stores, BodyFacts facts, IMethodSymbol? owner)
        {
            foreach ((ISymbol holder, DelegateSource source) in facts.DelegateStores)
            {
                if (!stores.TryGetValue(holder, out List<(DelegateSource, IMethodSymbol?)>? list))
                {
                    stores[holder] = list = new List<(DelegateSource, IMethodSymbol?)>(1);
                }

                list.Add((source, owner));
            }
        }

        /// <summary>
        /// For the reach: the method whose walk holds a delegate target's body. A lambda's body is part of the method it is
        /// written in (walked with it, its events and calls among that method's), so that method stands for it; a
        /// lambda of an initializer has none (null).
        /// </summary>
        private IMethodSymbol? ReachOf(IMethodSymbol target) =>
            WrittenIn(target) is IMethodSymbol method && HasBody(method) ? CallTargets.SummaryKey(method) : null;

        /// <summary>The member a lambda is written in (through lambdas written in lambdas): a method, or a field or property of an initializer.</summary>
        private static ISymbol? WrittenIn(IMethodSymbol target)
        {
            ISymbol? current = target;
            while (current is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction })
            {
                current = current.ContainingSymbol;
            }

            return current;
        }

        /// <summary>Whether a lambda written in a field or property initializer touches fences (its initializer's walk says).</summary>
        private bool InitializerTouchesFences(IMethodSymbol lambda) =>
            WrittenIn(lambda) is { } member && _memberFacts.TryGetValue(member, out Lazy<BodyFacts>? facts) && facts.IsValueCreated && facts.Value.TouchesFences;

        private bool HasBody(IMethodSymbol method) =>
            // The assembly first: it allocates nothing, and rules out metadata methods and those of a referenced project's
            // compilation (the IDE's project references have source, in another compilation); the location and syntax
            // arrays are made afresh on every call.
            SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly) &&
            method.Locations is { IsEmpty: false } locations && locations[0].IsInSource &&
            (method.DeclaringSyntaxReferences.Length > 0 || method.PartialImplementationPart is not null);

        /// <summary>
        /// Whether a fence, reservation object or lock of <paramref name="assembly"/> is a node of this compilation's code
        /// (it names one of that assembly's fields, properties or fence-returning methods). Only then can a cycle or an
        /// indefinite chain through this compilation run through that assembly's own graph. Asked at the end.
        /// </summary>
        public bool NamesNodesOf(IAssemblySymbol assembly)
        {
            foreach (ISymbol member in _memberNodes.Keys)
            {
                if (SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, assembly))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Every summary computed so far, in no particular order (callees' included: their edges belong to the graph too).</summary>
        public IEnumerable<MethodSummary> Computed => _summaries.Values;

        /// <summary>The method's whole summary: its fence facts and the witness of each effect kind (computed on first request).</summary>
        public MethodSummary Get(IMethodSymbol method, CancellationToken cancellationToken)
        {
            method = CallTargets.SummaryKey(method);
            MethodSummary summary = Summary(method, cancellationToken);
            if (!summary.HasWitnesses && summary != MethodSummary.Empty)
            {
                EnsureWitnesses(method, cancellationToken);
            }

            return summary;
        }

        /// <summary>Only the method's fence facts: what the graph needs, without classifying every operation for effects.</summary>
        public FenceSummary FencesOf(IMethodSymbol method, CancellationToken cancellationToken) =>
            Summary(CallTargets.SummaryKey(method), cancellationToken).Fences;

        private MethodSummary Summary(IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (_summaries.TryGetValue(method, out MethodSummary? known))
            {
                return known;
            }

            if (Imported(method, cancellationToken) is { } imported)
            {
                return imported;
            }

            ComputeComponents(method, cancellationToken);
            return _summaries.TryGetValue(method, out known) ? known : MethodSummary.Empty;
        }

        /// <summary>
        /// The summary a referenced assembly recorded for <paramref name="method"/> (<see cref="ReferencedSummaries"/>),
        /// kept as its summary here: a leaf of the call graph, with its witnesses and fence facts already complete. Null
        /// for a method of this compilation, and for one nobody recorded.
        /// </summary>
        private MethodSummary? Imported(IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (HasBody(method) || _referenced.Of(method, cancellationToken) is not { } imported)
            {
                return null;
            }

            return _summaries.GetOrAdd(method, imported);
        }

        /// <summary>Tarjan's algorithm, iteratively, over the methods reachable from <paramref name="root"/> that have no summary yet.</summary>
        private void ComputeComponents(IMethodSymbol root, CancellationToken cancellationToken)
        {
            if (CalleesAllSummarized(root, cancellationToken))
            {
                // The common case once callees come first (a caller asked after its callees): the root is a component
                // alone, and no search state is needed.
                Summarize(new List<IMethodSymbol>(1) { root }, cancellationToken);
                return;
            }

            var index = new Dictionary<IMethodSymbol, int>(SymbolEqualityComparer.Default);
            var low = new Dictionary<IMethodSymbol, int>(SymbolEqualityComparer.Default);
            var onStack = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var stack = new Stack<IMethodSymbol>();
            var work = new Stack<(IMethodSymbol Method, int NextCallee)>();
            int counter = 0;

            void Enter(IMethodSymbol method)
            {
                index[method] = low[method] = counter++;
                stack.Push(method);
                onStack.Add(method);
                work.Push((method, 0));
            }

            Enter(root);
            while (work.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                (IMethodSymbol method, int next) = work.Pop();
                IReadOnlyList<IMethodSymbol> callees = DependenciesOf(method, cancellationToken);
                if (next < callees.Count)
                {
                    work.Push((method, next + 1));
                    IMethodSymbol callee = callees[next];
                    if (_summaries.ContainsKey(callee) || Imported(callee, cancellationToken) is not null)
                    {
                        continue;
                    }

                    if (!index.ContainsKey(callee))
                    {
                        Enter(callee);
                    }
                    else if (onStack.Contains(callee))
                    {
                        low[method] = System.Math.Min(low[method], index[callee]);
                    }

                    continue;
                }

                // All callees done: propagate low-link to the caller, or close a component.
                if (work.Count > 0)
                {
                    IMethodSymbol caller = work.Peek().Method;
                    low[caller] = System.Math.Min(low[caller], low[method]);
                }

                if (low[method] == index[method])
                {
                    var component = new List<IMethodSymbol>();
                    IMethodSymbol member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    }
                    while (!SymbolEqualityComparer.Default.Equals(member, method));

                    Summarize(component, cancellationToken);
                }
            }
        }

        /// <summary>Whether every callee of <paramref name="method"/> has its summary (computed or imported) and none is the method itself.</summary>
        private bool CalleesAllSummarized(IMethodSymbol method, CancellationToken cancellationToken)
        {
            IReadOnlyList<IMethodSymbol> callees = DependenciesOf(method, cancellationToken);
            for (int i = 0; i < callees.Count; i++)
            {
                IMethodSymbol callee = callees[i];
                if (SymbolEqualityComparer.Default.Equals(callee, method) || !(_summaries.ContainsKey(callee) || Imported(callee, cancellationToken) is not null))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// One component's fence facts: fold each member's events with its callees' summaries until no member's summary
        /// grows. Members are taken in source order, so the result does not depend on which thread or call got here
        /// first. Effect witnesses are left for <see cref="EnsureWitnesses"/>, which only rules that need them ask for.
        /// </summary>
        private void Summarize(List<IMethodSymbol> component, CancellationToken cancellationToken)
        {
            if (component.Count == 1 && SummarizeAlone(component, cancellationToken))
            {
                return;
            }

            if (component.Count > 1)
            {
                component.Sort(SourceOrder);
            }
            var summaries = new Dictionary<IMethodSymbol, MethodSummary>(SymbolEqualityComparer.Default);
            foreach (IMethodSymbol member in component)
            {
                summaries[member] = new MethodSummary { Component = component };
            }

            System.Func<IMethodSymbol, FenceSummary?> fencesOf = callee =>
                summaries.TryGetValue(callee, out MethodSummary? inComponent) ? inComponent.Fences
                : _summaries.TryGetValue(callee, out MethodSummary? outside) ? outside.Fences
                : null;
            // Only a component that invokes, passes or registers a delegate needs the delegate resolution (most do not: no
            // closures for them).
            bool delegates = false;
            foreach (IMethodSymbol member in component)
            {
                BodyFacts facts = CachedFactsOf(member, null, cancellationToken);
                delegates |= facts.InvokedParameters.Count > 0 || facts.RunsDelegates;
            }

            Func<IMethodSymbol, IReadOnlyList<int>>? invokedOf = !delegates ? null : callee =>
                summaries.TryGetValue(CallTargets.SummaryKey(callee), out MethodSummary? inComponent) ? inComponent.InvokedParameters
                : _summaries.TryGetValue(CallTargets.SummaryKey(callee), out MethodSummary? outside) ? outside.InvokedParameters
                : Array.Empty<int>();
            Func<FenceEvent, IEnumerable<IMethodSymbol>>? delegatesAt = invokedOf is null ? null : e =>
                DelegateCalls(e.Callee, e.Invokes, e.Delegates, invokedOf, cancellationToken).Select(hop => hop.Target);
            bool grew = true;
            while (grew)
            {
                cancellationToken.ThrowIfCancellationRequested();
                grew = false;
                foreach (IMethodSymbol member in component)
                {
                    BodyFacts facts = CachedFactsOf(member, null, cancellationToken);
                    if (invokedOf is not null)
                    {
                        IReadOnlyList<int> invoked = InvokedThrough(facts, summaries[member].InvokedParameters, invokedOf);
                        if (invoked.Count != summaries[member].InvokedParameters.Count)
                        {
                            summaries[member].InvokedParameters = invoked;
                            grew = true;
                        }
                    }

                    FenceEvents events = facts.Events;
                    if (events.IsEmpty)
                    {
                        continue;
                    }

                    FenceSummary folded = FenceSummary.Fold(events, fencesOf, delegatesAt);
                    if (folded.Size != summaries[member].Fences.Size)
                    {
                        grew = true;
                    }

                    summaries[member].Fences = folded;
                }
            }

            foreach (KeyValuePair<IMethodSymbol, MethodSummary> entry in summaries)
            {
                _summaries.TryAdd(entry.Key, entry.Value);
            }
        }

        /// <summary>
        /// The common case, without the component machinery: one method that does not call itself and runs no delegate
        /// (most of any codebase). Its summary is one fold over its callees' finished summaries. False when the general
        /// path is needed.
        /// </summary>
        private bool SummarizeAlone(List<IMethodSymbol> component, CancellationToken cancellationToken)
        {
            IMethodSymbol member = component[0];
            BodyFacts facts = CachedFactsOf(member, null, cancellationToken);
            if (facts.InvokedParameters.Count > 0 || facts.RunsDelegates || Contains(facts.Dependencies, member))
            {
                return false;
            }

            var summary = new MethodSummary { Component = component };
            if (!facts.Events.IsEmpty)
            {
                summary.Fences = FenceSummary.Fold(facts.Events, _finishedFences);
            }

            _summaries.TryAdd(member, summary);
            return true;
        }

        /// <summary>
        /// The delegate parameters a member invokes: its own code's (<see cref="BodyFacts.InvokedParameters"/>), and each
        /// one its own body passes to a callee for a parameter the callee invokes. Only grows, so the component's fixpoint ends.
        /// </summary>
        private static IReadOnlyList<int> InvokedThrough(BodyFacts facts, IReadOnlyList<int> sofar, Func<IMethodSymbol, IReadOnlyList<int>> invokedOf)
        {
            List<int>? grown = null;
            void Add(int ordinal)
            {
                if (!(grown ?? sofar).Contains(ordinal))
                {
                    (grown ??= new List<int>(sofar)).Add(ordinal);
                }
            }

            foreach (int ordinal in facts.InvokedParameters)
            {
                Add(ordinal);
            }

            if (facts.Events.Bodies.Count > 0)
            {
                foreach (FenceEvent e in facts.Events.Bodies[0])
                {
                    if (e is { Callee: { } callee, Delegates: { } delegates })
                    {
                        foreach ((int ordinal, DelegateSource source) in delegates)
                        {
                            if (source.Parameter >= 0 && invokedOf(callee).Contains(ordinal))
                            {
                                Add(source.Parameter);
                            }
                        }
                    }
                }
            }

            return grown is null ? sofar : grown.ToArray();
        }

        /// <summary>
        /// The effect witnesses of <paramref name="method"/>'s component and of every component it reaches that has none
        /// yet, callees first (an iterative post-order over the component graph, so deep call chains cannot overflow).
        /// </summary>
        private void EnsureWitnesses(IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (Summary(method, cancellationToken).Component is not { } first)
            {
                return; // imported: complete already
            }

            var work = new Stack<(List<IMethodSymbol> Component, bool Expanded)>();
            work.Push((first, false));
            while (work.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                (List<IMethodSymbol> component, bool expanded) = work.Pop();
                // Done only when every member has witnesses: another thread may be publishing this component member by
                // member, and a caller must never read a member whose witnesses are not out yet.
                if (AllHaveWitnesses(component, cancellationToken))
                {
                    continue;
                }

                if (!expanded)
                {
                    work.Push((component, true));
                    foreach (IMethodSymbol member in component)
                    {
                        void Expand(IMethodSymbol callee)
                        {
                            // By membership, not by list: two threads may have summarized the same component into two lists.
                            if (_summaries.TryGetValue(callee, out MethodSummary? calleeSummary) && calleeSummary.Component is { } calleeComponent &&
                                !Contains(component, callee) && !calleeSummary.HasWitnesses)
                            {
                                work.Push((calleeComponent, false));
                            }
                        }

                        BodyFacts facts = CachedFactsOf(member, null, cancellationToken);
                        foreach ((IMethodSymbol callee, _, _) in facts.Callees)
                        {
                            Expand(callee);
                        }

                        foreach ((IMethodSymbol callee, _, _) in DelegateHopsOf(member, facts, cancellationToken))
                        {
                            Expand(callee);
                        }
                    }

                    continue;
                }

                ComputeWitnesses(component, cancellationToken);
            }
        }

        private bool AllHaveWitnesses(List<IMethodSymbol> component, CancellationToken cancellationToken)
        {
            foreach (IMethodSymbol member in component)
            {
                if (!Summary(member, cancellationToken).HasWitnesses)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Whether <paramref name="methods"/> holds <paramref name="method"/> (a loop: LINQ's Contains with a comparer boxes the list's enumerator).</summary>
        private static bool Contains(IReadOnlyList<IMethodSymbol> methods, IMethodSymbol method)
        {
            for (int i = 0; i < methods.Count; i++)
            {
                if (SymbolEqualityComparer.Default.Equals(methods[i], method))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// One component: direct effects first, then witnesses through calls until nothing changes. A member takes a
        /// call witness only from a callee that already has one, so witness chains never loop.
        /// </summary>
        private void ComputeWitnesses(List<IMethodSymbol> component, CancellationToken cancellationToken)
        {
            if (component.Count == 1)
            {
                // Most components: one pass over the member's calls settles it (its callees outside are finished, and a
                // call to itself adds nothing it does not have), with no per-component dictionary.
                IMethodSymbol alone = component[0];
                Witness?[] own = DirectWitnesses(alone, cancellationToken);
                _ = WitnessesThroughCalls(alone, own, callee => null, cancellationToken);
                Summary(alone, cancellationToken).Publish(own);
                return;
            }

            var witnesses = new Dictionary<IMethodSymbol, Witness?[]>(SymbolEqualityComparer.Default);
            foreach (IMethodSymbol member in component)
            {
                witnesses[member] = DirectWitnesses(member, cancellationToken);
            }

            Func<IMethodSymbol, Witness?[]?> inComponent = callee => witnesses.TryGetValue(callee, out Witness?[]? found) ? found : null;
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (IMethodSymbol member in component)
                {
                    changed |= WitnessesThroughCalls(member, witnesses[member], inComponent, cancellationToken);
                }
            }

            foreach (IMethodSymbol member in component)
            {
                Summary(member, cancellationToken).Publish(witnesses[member]);
            }
        }

        /// <summary>
        /// One pass over a member's calls (its own and the delegate hops): each kind it has no witness of yet is taken
        /// from the first call whose callee has one (in the component, <paramref name="inComponent"/>, or finished
        /// outside it). One witness object stands for every kind a call gives. Whether any was taken.
        /// </summary>
        private bool WitnessesThroughCalls(IMethodSymbol member, Witness?[] own, Func<IMethodSymbol, Witness?[]?> inComponent, CancellationToken cancellationToken)
        {
            bool changed = false;
            void Through(IMethodSymbol callee, SyntaxNode? syntax, Location? site, DelegateHop? via)
            {
                Witness?[]? calleeWitnesses = inComponent(callee);
                MethodSummary? outside = calleeWitnesses is null && _summaries.TryGetValue(callee, out MethodSummary? known) ? known : null;
                if (calleeWitnesses is null && outside is null)
                {
                    return;
                }

                Witness? shared = null;
                for (int index = 0; index < MethodSummary.TransitiveKinds.Length; index++)
                {
                    if (own[index] is null && (calleeWitnesses is not null ? calleeWitnesses[index] is not null : outside![MethodSummary.TransitiveKinds[index]] is not null))
                    {
                        own[index] = shared ??= new Witness(null, site ?? Sites.Of(syntax!), callee, via);
                        changed = true;
                    }
                }
            }

            BodyFacts facts = CachedFactsOf(member, null, cancellationToken);
            foreach ((IMethodSymbol callee, SyntaxNode? syntax, Location? site) in facts.Callees)
            {
                Through(callee, syntax, site, null);
            }

            foreach ((IMethodSymbol callee, SyntaxNode? syntax, DelegateHop via) in DelegateHopsOf(member, facts, cancellationToken))
            {
                Through(callee, syntax, null, via);
            }

            return changed;
        }

        /// <summary>
        /// A member's witnesses of its direct effects, before any call's: the first of each kind in source order, from its
        /// recorded steps (steps are in walk order, parents before operands). Asked once per member, when its component's
        /// witnesses are computed, so not cached.
        /// </summary>
        private Witness?[] DirectWitnesses(IMethodSymbol method, CancellationToken cancellationToken)
        {
            Witness?[] own = MethodSummary.NewWitnesses();
            if (_symbols.IsRecoverableFaults(method) && !method.Locations.IsEmpty)
            {
                // A workload is one by what it is, not by what it does: a call that reaches it through dispatch or a
                // chain runs it (FG0030), as a call to it does.
                MethodSummary.TrySet(own, EffectKind.RecoverableFaults, new Witness("a [RecoverableFaults] workload", method.Locations[0], null));
            }

            foreach (Step step in RecordedFactsOf(method, cancellationToken).Steps)
            {
                if (step is not { Function: 0, Effect: { } effect })
                {
                    continue;
                }

                int index = System.Array.IndexOf(MethodSummary.TransitiveKinds, effect.Kind);
                if (index >= 0 && (own[index] is not { } known || step.Syntax.SpanStart < known.Location.SourceSpan.Start))
                {
                    own[index] = new Witness(effect.Construct, step.Site, null);
                }
            }

            return own;
        }

        /// <summary>
        /// Methods in source order: by file, then position, then (constructions of one member) display text; without
        /// building <see cref="Key"/>'s strings unless two share a position.
        /// </summary>
        private static readonly Comparison<IMethodSymbol> SourceOrder = (a, b) =>
        {
            ImmutableArray<Location> aLocations = a.Locations, bLocations = b.Locations;
            if (aLocations.IsEmpty || bLocations.IsEmpty)
            {
                return string.CompareOrdinal(Key(a), Key(b));
            }

            Location aLocation = aLocations[0], bLocation = bLocations[0];
            int order = string.CompareOrdinal(aLocation.SourceTree?.FilePath, bLocation.SourceTree?.FilePath);
            if (order == 0)
            {
                order = aLocation.SourceSpan.Start.CompareTo(bLocation.SourceSpan.Start);
            }

            return order != 0 ? order : string.CompareOrdinal(Key(a), Key(b));
        };

        private static string Key(IMethodSymbol method) =>
            method.Locations.FirstOrDefault() is { } location
                ? SymbolEqualityComparer.Default.Equals(method, method.OriginalDefinition)
                    ? $"{location.SourceTree?.FilePath}:{location.SourceSpan.Start:D10}"
                    : $"{location.SourceTree?.FilePath}:{location.SourceSpan.Start:D10}:{method.ToDisplayString()}" // constructions of one member, apart
                : method.ToDisplayString();

        /// <summary>A method's direct effects (first of each kind, in source order) and call edges, from one walk of its body.</summary>
        private BodyFacts CachedFactsOf(IMethodSymbol method, System.Collections.Immutable.ImmutableArray<IOperation>? driverBlocks, CancellationToken cancellationToken)
        {
            if (_facts.TryGetValue(method, out Lazy<BodyFacts>? known))
            {
                return known.Value;
            }

            // Every walk starts here; a method with no body in this compilation (metadata, another project's) has none.
            if (!HasBody(method))
            {
                return BodyFacts.Empty;
            }

            // A construction (ISink<FrameInfo>.Put) has its definition's body: its facts are the definition's, dispatching
            // only where its type arguments can reach; its body is never bound again.
            return !SymbolEqualityComparer.Default.Equals(method, method.OriginalDefinition)
                ? ConstructionFacts(method, cancellationToken)
                : WalkOnce(_facts, method, driverBlocks, recordSteps: false, cancellationToken);
        }

        /// <summary>A construction's facts, from its definition's (apart from <see cref="CachedFactsOf"/>, so that its lookup allocates no closure).</summary>
        private BodyFacts ConstructionFacts(IMethodSymbol method, CancellationToken cancellationToken) =>
            Once(_facts, method, m => CachedFactsOf(m.OriginalDefinition, null, cancellationToken).ForConstruction(ImplementationsOf(m, cancellationToken)), cancellationToken);

        /// <summary>A method's facts, walked once (<see cref="Once"/>; apart from <see cref="CachedFactsOf"/>, so that its lookup allocates no closure).</summary>
        private BodyFacts WalkOnce(
            ConcurrentDictionary<IMethodSymbol, Lazy<BodyFacts>> cache, IMethodSymbol method, System.Collections.Immutable.ImmutableArray<IOperation>? driverBlocks,
            bool recordSteps, CancellationToken cancellationToken) =>
            // A body bound here, not handed over by the driver, is bound because a summary needs it: its steps are
            // recorded at once, so that its effects never need a second binding.
            Once(cache, method, m => driverBlocks is { } blocks && Covering(m, blocks) is { } roots
                ? ComputeFacts(m, roots, recordSteps || _recordsEffects, cancellationToken)
                : ComputeFacts(m, Bodies(m, cancellationToken), recordSteps: true, cancellationToken), cancellationToken);

        /// <summary>The facts cached for <paramref name="key"/>, computed once (<see cref="ComputeOnce"/>).</summary>
        private static BodyFacts Once<TKey>(ConcurrentDictionary<TKey, Lazy<BodyFacts>> cache, TKey key, Func<TKey, BodyFacts> compute, CancellationToken cancellationToken)
            where TKey : notnull =>
            ComputeOnce.Get(cache, key, compute, cancellationToken);

        /// <summary>
        /// The driver's operations that are exactly the method's bodies (as <see cref="Bodies"/> would bind them), or null.
        /// The driver hands over a method's executable blocks (its block or expression body, a constructor's initializer),
        /// whose parent is the body operation <see cref="Bodies"/> binds from the declaration (<see cref="IMethodBodyOperation"/>,
        /// <see cref="IConstructorBodyOperation"/>): that parent is the root, already bound. An expression-bodied accessor's
        /// block is its declaration itself.
        /// </summary>
        private static List<IOperation>? Covering(IMethodSymbol method, System.Collections.Immutable.ImmutableArray<IOperation> blocks)
        {
            IMethodSymbol implementation = method.PartialImplementationPart ?? method;
            var roots = new List<IOperation>(implementation.DeclaringSyntaxReferences.Length);
            foreach (SyntaxReference reference in implementation.DeclaringSyntaxReferences)
            {
                IOperation? root = null;
                foreach (IOperation block in blocks)
                {
                    IOperation candidate = block.Parent is IMethodBodyOperation or IConstructorBodyOperation ? block.Parent : block;
                    if (candidate.Syntax.SyntaxTree == reference.SyntaxTree && candidate.Syntax.Span == reference.Span)
                    {
                        root = candidate;
                        break;
                    }
                }

                if (root is null)
                {
                    return null;
                }

                roots.Add(root);
            }

            return roots;
        }

        private BodyFacts ComputeFacts(IMethodSymbol method, IEnumerable<IOperation> bodies, bool recordSteps, CancellationToken cancellationToken) =>
            BodyWalker.Collect(_symbols, _api, _effects, _allocatingMembersFor((method.PartialImplementationPart ?? method).Locations.FirstOrDefault()?.SourceTree),
                method, bodies, ImplementationsOf(method, cancellationToken), _memberNodes, _referenced.Assemblies, cancellationToken, recordSteps);

        /// <summary>The overrides and implementations of <paramref name="method"/> in this compilation (none for a non-virtual method).</summary>
        public IReadOnlyList<IMethodSymbol> ImplementationsOf(IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (!(method.IsVirtual || method.IsAbstract || method.IsOverride || method.ContainingType?.TypeKind == TypeKind.Interface) || method.IsSealed)
            {
                return System.Array.Empty<IMethodSymbol>();
            }

            Dictionary<IMethodSymbol, List<IMethodSymbol>> implementations;
            lock (_implementationsGate)
            {
                implementations = _implementations ??= IndexImplementations(cancellationToken);
            }

            if (!implementations.TryGetValue(method.OriginalDefinition, out List<IMethodSymbol>? found))
            {
                return System.Array.Empty<IMethodSymbol>();
            }

            // Through a construction of a generic type, only the implementations that can run for its type arguments.
            return SymbolEqualityComparer.Default.Equals(method, method.OriginalDefinition) || method.ContainingType is not { } called
                ? found
                : found.Where(implementation => CallTargets.CanRunFor(implementation, called)).ToList();
        }

        /// <summary>One pass over the compilation's types: each overridden or implemented member to its implementations, in source order.</summary>
        private Dictionary<IMethodSymbol, List<IMethodSymbol>> IndexImplementations(CancellationToken cancellationToken)
        {
            var index = new Dictionary<IMethodSymbol, List<IMethodSymbol>>(SymbolEqualityComparer.Default);
            void Add(IMethodSymbol member, IMethodSymbol implementation)
            {
                if (implementation.DeclaringSyntaxReferences.Length == 0 || SymbolEqualityComparer.Default.Equals(member.OriginalDefinition, implementation.OriginalDefinition))
                {
                    return;
                }

                if (!index.TryGetValue(member.OriginalDefinition, out List<IMethodSymbol>? list))
                {
                    index[member.OriginalDefinition] = list = new List<IMethodSymbol>();
                }

                if (!list.Contains(implementation.OriginalDefinition, SymbolEqualityComparer.Default))
                {
                    list.Add(implementation.OriginalDefinition);
                }
            }

            foreach (INamedTypeSymbol type in SourceTypes.Of(_compilation.Assembly, cancellationToken))
            {
                if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
                {
                    continue;
                }

                foreach (ISymbol candidate in type.GetMembers())
                {
                    if (candidate is IMethodSymbol method)
                    {
                        for (IMethodSymbol? overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
                        {
                            Add(overridden, method);
                        }
                    }
                }

                foreach (INamedTypeSymbol @interface in type.AllInterfaces)
                {
                    foreach (ISymbol interfaceMember in @interface.GetMembers())
                    {
                        // Static abstract and virtual members too: T.Create() with T : IFactory runs the implementation of
                        // whichever type is substituted for T.
                        if (interfaceMember is IMethodSymbol { DeclaringSyntaxReferences.Length: > 0 } interfaceMethod &&
                            (!interfaceMethod.IsStatic || interfaceMethod.IsAbstract || interfaceMethod.IsVirtual) &&
                            type.FindImplementationForInterfaceMember(interfaceMethod) is IMethodSymbol implementation)
                        {
                            Add(interfaceMethod, implementation);
                        }
                    }
                }
            }

            foreach (List<IMethodSymbol> list in index.Values)
            {
                list.Sort(SourceOrder);
            }

            return index;
        }

        /// <summary>How many bodies were bound here rather than handed over by the driver (a test's measure: the driver's are never bound again).</summary>
        internal int BoundBodies => Volatile.Read(ref _boundBodies);

        private int _boundBodies;

        /// <summary>
        /// A method's bodies bound from the compilation: only for a callee nobody has walked yet (once; the facts are
        /// cached). A declaration with no body (abstract, extern, a delegate's members, an auto-property's accessor, a
        /// partial definition) has none to bind: asking the model would build a member model to answer null.
        /// </summary>
        private IEnumerable<IOperation> Bodies(IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (method.ContainingType?.TypeKind == TypeKind.Delegate)
            {
                yield break; // declared by the delegate's declaration, which has no body
            }

            IMethodSymbol implementation = method.PartialImplementationPart ?? method;
            foreach (SyntaxReference reference in implementation.DeclaringSyntaxReferences)
            {
                SyntaxNode syntax = reference.GetSyntax(cancellationToken);
                if (syntax is Microsoft.CodeAnalysis.CSharp.Syntax.AccessorDeclarationSyntax { Body: null, ExpressionBody: null } or
                    Microsoft.CodeAnalysis.CSharp.Syntax.BaseMethodDeclarationSyntax { Body: null, ExpressionBody: null })
                {
                    continue; // abstract, extern, an auto-property's accessor, a partial definition
                }

                Interlocked.Increment(ref _boundBodies);
#pragma warning disable RS1030 // Inside an analyzer run the compiler hands out the driver's cached model for the tree (its SemanticModelProvider).
                // Not cached here: a model keeps the bound trees of every member it bound, and summaries live as long as the
                // compilation, so a cache here would keep every callee's bound body alive after the driver let go of it.
                SemanticModel model = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
                if (model.GetOperation(syntax, cancellationToken) is { } operation)
                {
                    yield return operation;
                }
            }
        }
    }
}
