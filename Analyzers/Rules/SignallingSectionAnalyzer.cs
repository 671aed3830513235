using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FenceGuard.Analyzers.Facts;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Regions;
using FenceGuard.Analyzers.Reporting;
using FenceGuard.Analyzers.Summaries;
using FenceGuard.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Rules
{
    /// <summary>
    /// FG0001–FG0004, FG0007, FG0008 and FG0030: what a signalling section (or a [RecoverableFaults] workload) does,
    /// directly or through calls. Reads the body's facts (one walk, shared by every rule) and the callees' summaries;
    /// walks nothing itself. Reported per operation block, so the diagnostics appear in the IDE as the user types.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SignallingSectionAnalyzer : FenceGuardAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Descriptors.RecoverableFaults,
            Descriptors.AllocationInSection,
            Descriptors.ReclaimInSection,
            Descriptors.FenceWaitInSection,
            Descriptors.BlockingCallInSection,
            Descriptors.AwaitInSection,
            Descriptors.UnreservedAddFence);

        private protected override void OnFenceGuardCompilation(CompilationStartAnalysisContext start, FenceGuardCompilation state)
        {
            KnownSymbols symbols = state.Symbols!;
            MethodSummaries summaries = state.Summaries!;
            // Members are analysed per type, so that a method registered as a callback by a method group
            // (fence.AddCallback(OnRetired)) can be checked as a section: see CallbackMethods.
            start.RegisterSymbolStartAction(typeStart =>
            {
                var callbacks = new CallbackMethods(symbols);
                typeStart.RegisterOperationBlockAction(block =>
                {
                    ISymbol owner = block.OwningSymbol;
                    string? workload = symbols.IsRecoverableFaults(owner) ? $"the [RecoverableFaults] workload '{owner.Name}'" : null;
                    bool candidate = callbacks.IsCandidate(owner, out IMethodSymbol? callbackMethod);
                    BodyFacts facts = summaries.FactsOf(owner, block.OperationBlocks, block.CancellationToken);
                    if (workload is null && !candidate && !symbols.HasSignallingPath(owner) && owner is IMethodSymbol && !facts.OpensSection &&
                        facts.ReservationPasses.Count == 0)
                    {
                        return; // nothing in this body can open a section or call a [SignallingPath] method (its facts come from the one shared walk)
                    }

                    var context = new Check(facts, summaries, block.CancellationToken);
                    context.Body(block.ReportDiagnostic, workload, callbacks, owner);
                    if (candidate)
                    {
                        // The same body once more, as if it were a fence callback; kept until the type is done.
                        SectionInfo asCallback = SectionInfo.ForCallbackMethod(callbackMethod!, callbackMethod!.Locations[0]);
                        context.AsCallback(asCallback, diagnostic => callbacks.Defer(callbackMethod, diagnostic), owner);
                    }
                });
                typeStart.RegisterSymbolEndAction(end => callbacks.ReportRegistered(end.ReportDiagnostic));
            }, SymbolKind.NamedType);
        }

        /// <summary>The rule an effect breaks inside a signalling section; null when it is allowed there (signalling).</summary>
        private static DiagnosticDescriptor? InSection(EffectKind kind) => kind switch
        {
            EffectKind.Allocation => Descriptors.AllocationInSection,
            EffectKind.Reclaim => Descriptors.ReclaimInSection,
            EffectKind.FenceWait => Descriptors.FenceWaitInSection,
            EffectKind.Blocking => Descriptors.BlockingCallInSection,
            EffectKind.Suspension => Descriptors.AwaitInSection,
            EffectKind.RecoverableFaults => Descriptors.RecoverableFaults,
            _ => null,
        };

        /// <summary>One body's checks, over its facts.</summary>
        private sealed class Check
        {
            private readonly BodyFacts _facts;
            private readonly MethodSummaries _summaries;
            private readonly System.Threading.CancellationToken _cancellationToken;

            public Check(BodyFacts facts, MethodSummaries summaries, System.Threading.CancellationToken cancellationToken)
            {
                _facts = facts;
                _summaries = summaries;
                _cancellationToken = cancellationToken;
            }

            /// <summary>The body as it is: its sections, its workload, its callback registrations and its reservations.</summary>
            public void Body(System.Action<Diagnostic> report, string? workload, CallbackMethods callbacks, ISymbol owner)
            {
                foreach (Step step in _facts.Steps)
                {
                    if (step is { CallbackMethod: { } registered, IsFenceCallback: true })
                    {
                        callbacks.Register(registered);
                        OtherTypesCallback(step, registered, owner, report);
                    }

                    if (step is { CallbackHolder: { } kept, IsFenceCallback: true })
                    {
                        KeptCallbacks(step, kept, callbacks, owner, report);
                    }

                    if (workload is not null && step.Function == 0)
                    {
                        CheckWorkload(step, workload, report);
                    }

                    if (step.Section is { } section)
                    {
                        InSectionEffects(step, section, report);
                    }
                }

                foreach ((ReservationUse addFence, SectionInfo section) in Unreserved())
                {
                    report(Diagnostic.Create(Descriptors.UnreservedAddFence, addFence.Site,
                        ImmutableArray.Create(section.Opening), addFence.TargetText, section.Description));
                }

                foreach ((ReservationPass pass, ReservationNeed need) in UnreservedForCallees())
                {
                    string target = need.Members.IsEmpty ? pass.ArgumentText : pass.ArgumentText + "." + string.Join(".", need.Members.Select(m => m.Name));
                    string filled = need.Members.IsEmpty ? $"its parameter '{need.ParameterName}'" : $"'{need.ParameterName}.{string.Join(".", need.Members.Select(m => m.Name))}'";
                    report(Diagnostic.Create(Descriptors.UnreservedAddFence, pass.Site, ImmutableArray.Create(need.AddFence), target,
                        $"the [SignallingPath] method '{CallChains.DisplayName(pass.Callee)}' called here (it adds a fence to {filled} at {Places.Where(need.AddFence)})"));
                }
            }

            /// <summary>
            /// The body as if it were a fence callback: only what runs directly in the callback section (the member's own
            /// code outside the sections it opens itself, whose findings the ordinary pass reported).
            /// </summary>
            public void AsCallback(SectionInfo asCallback, System.Action<Diagnostic> report, ISymbol owner)
            {
                foreach (Step step in _facts.Steps)
                {
                    if (step.Function != 0 || step.Section is not null)
                    {
                        continue;
                    }

                    if (step is { CallbackMethod: { } registered, IsFenceCallback: true })
                    {
                        OtherTypesCallback(step, registered, owner, report);
                    }

                    InSectionEffects(step, asCallback, report);
                }
            }

            /// <summary>
            /// FG0001–FG0004, FG0007 at one step: each effect its callee has (<c>'Retire' (Retire → Trace → Format:
            /// 'new StringBuilder')</c>, every hop an additional location), then its own.
            /// </summary>
            private void InSectionEffects(Step step, SectionInfo section, System.Action<Diagnostic> report) =>
                InSectionEffects(step.Site, step.Effect, StepEffects.Of(step, _summaries, _cancellationToken), section, report);

            private void InSectionEffects(Location site, Effect? own, IEnumerable<StepEffect> effects, SectionInfo section, System.Action<Diagnostic> report)
            {
                foreach (StepEffect effect in effects)
                {
                    (EffectKind kind, IMethodSymbol? through) = effect;
                    if (InSection(kind) is not { } descriptor)
                    {
                        continue;
                    }

                    if (through is null)
                    {
                        report(Diagnostic.Create(descriptor, site, ImmutableArray.Create(section.Opening), own!.Value.Construct, section.Description));
                        continue;
                    }

                    (string text, List<Location> hops) = CallChains.DescribeCall(_summaries, through, kind, effect.Via);
                    var locations = new List<Location> { section.Opening };
                    locations.AddRange(hops);
                    report(Diagnostic.Create(descriptor, site, locations, text, section.Description));
                }
            }

            /// <summary><c>fence.AddCallback(Other.Handler)</c>: the handler's body is a section; reported at the registration.</summary>
            private void OtherTypesCallback(Step step, IMethodSymbol method, ISymbol owner, System.Action<Diagnostic> report)
            {
                if (method.DeclaringSyntaxReferences.Length == 0 || SymbolEqualityComparer.Default.Equals(method.ContainingType, owner.ContainingType))
                {
                    return; // same-type methods are analysed as callbacks themselves (CallbackMethods)
                }

                InSectionEffects(step.Site, null, StepEffects.Of(null, method, _summaries, _cancellationToken), SectionInfo.ForCallback(step.Syntax), report);
            }

            /// <summary>
            /// <c>fence.AddCallback(_onDone)</c>: each callback the compilation stores in the member runs as a signalling
            /// section. A method stored there is registered as if passed directly (checked as a whole, or at the
            /// registration when it is another type's); a lambda's effects are reported at the registration, naming the
            /// member and the lambda.
            /// </summary>
            private void KeptCallbacks(Step step, DelegateSource kept, CallbackMethods callbacks, ISymbol owner, System.Action<Diagnostic> report)
            {
                foreach (DelegateHop hop in _summaries.DelegateCalls(null, kept, null, _cancellationToken))
                {
                    if (hop.Target.MethodKind == MethodKind.Ordinary)
                    {
                        callbacks.Register(hop.Target);
                        OtherTypesCallback(step, hop.Target, owner, report);
                        continue;
                    }

                    var effects = new List<StepEffect>();
                    foreach (StepEffect effect in StepEffects.Of(null, hop.Target, _summaries, _cancellationToken))
                    {
                        effects.Add(new StepEffect(effect.Kind, effect.Through, hop));
                    }

                    InSectionEffects(step.Site, null, effects, SectionInfo.ForCallback(step.Syntax), report);
                }
            }

            /// <summary>
            /// FG0030 inside a [RecoverableFaults] workload: signalling a bounded fence or opening a section, directly or
            /// through calls (reported at the call site with the chain). Lambdas and local functions are left to their callers.
            /// </summary>
            private void CheckWorkload(Step step, string workload, System.Action<Diagnostic> report)
            {
                if (step.Effect is { Kind: EffectKind.Signal or EffectKind.OpensSection } signal)
                {
                    report(Diagnostic.Create(Descriptors.RecoverableFaults, step.Site, $"{signal.Construct} signals a bounded fence", workload));
                    return;
                }

                foreach (StepEffect effect in StepEffects.Of(step, _summaries, _cancellationToken))
                {
                    if (effect is { Through: { } through, Kind: EffectKind.Signal or EffectKind.OpensSection })
                    {
                        (string text, List<Location> hops) = CallChains.DescribeCall(_summaries, through, effect.Kind, effect.Via);
                        report(Diagnostic.Create(Descriptors.RecoverableFaults, step.Site, hops, $"{text} signals a bounded fence", workload));
                        return;
                    }
                }
            }

            /// <summary>
            /// FG0008 at a call to a <c>[SignallingPath]</c> method that adds a fence to an object reached from one of its
            /// parameters (<see cref="MethodSummaries.ReservationsNeededBy"/>): the caller must have reserved a slot on the
            /// argument's object before the call (before the section, when the call is in one opened by
            /// <c>BeginSignalling</c>), in the same function or one around it. A <c>[SignallingPath]</c> caller passing its own
            /// parameter leaves it to its own callers; a call inside another kind of section cannot reserve before it, and
            /// is left to whoever opens it.
            /// </summary>
            private IEnumerable<(ReservationPass Pass, ReservationNeed Need)> UnreservedForCallees()
            {
                foreach (ReservationPass pass in _facts.ReservationPasses)
                {
                    if (pass.Section is { IsBeginSignalling: false })
                    {
                        continue;
                    }

                    foreach (ReservationNeed need in _summaries.ReservationsNeededBy(pass.Callee, _cancellationToken))
                    {
                        if (need.Ordinal != pass.Ordinal)
                        {
                            continue;
                        }

                        AccessPath target = pass.Argument.Then(need.Members);
                        int before = pass.Section is { } section ? section.Opening.SourceSpan.Start : pass.Position;
                        bool reserved = false;
                        foreach (ReservationUse reserve in _facts.Reservations)
                        {
                            if (reserve.Reserves && reserve.End <= before && reserve.Target is { } reservedTarget &&
                                reservedTarget.SameObject(target) && _facts.Encloses(reserve.Function, pass.Function))
                            {
                                reserved = true;
                                break;
                            }
                        }

                        if (!reserved)
                        {
                            yield return (pass, need);
                        }
                    }
                }
            }

            /// <summary>
            /// FG0008: an <c>AddFence</c> inside a section opened by <c>BeginSignalling</c> is reserved when the same object
            /// (by access path: <c>target.Resv</c> is the same object wherever <c>target</c> is the same) had
            /// <c>ReserveSlots</c> called on it earlier, before the section opened, in the same function or one around
            /// it. AddFence in [SignallingPath] members and callbacks is left to the caller: nothing of the body runs before them.
            /// </summary>
            private IEnumerable<(ReservationUse AddFence, SectionInfo Section)> Unreserved()
            {
                foreach (ReservationUse add in _facts.Reservations)
                {
                    if (add.Reserves || add.Section is not { IsBeginSignalling: true } section)
                    {
                        continue;
                    }

                    bool reserved = false;
                    foreach (ReservationUse reserve in _facts.Reservations)
                    {
                        if (reserve.Reserves && reserve.End <= section.Opening.SourceSpan.Start && reserve.Target is { } target &&
                            target.SameObject(add.Target) && _facts.Encloses(reserve.Function, add.Function))
                        {
                            reserved = true;
                            break;
                        }
                    }

                    if (!reserved)
                    {
                        yield return (add, section);
                    }
                }
            }
        }

        /// <summary>
        /// Methods of one type registered as fence callbacks by a method group: <c>fence.AddCallback(OnRetired)</c>. Every
        /// <c>void M(Fence)</c> body of the type is also analysed as a callback section; those findings are reported when
        /// the type is done, for the methods that some body of the same type registered. Thread-safe: the type's bodies
        /// are analysed concurrently.
        /// </summary>
        private sealed class CallbackMethods
        {
            private readonly KnownSymbols _symbols;
            private readonly ConcurrentDictionary<IMethodSymbol, byte> _registered = new ConcurrentDictionary<IMethodSymbol, byte>(SymbolEqualityComparer.Default);
            private readonly ConcurrentDictionary<IMethodSymbol, ConcurrentQueue<Diagnostic>> _deferred = new ConcurrentDictionary<IMethodSymbol, ConcurrentQueue<Diagnostic>>(SymbolEqualityComparer.Default);

            public CallbackMethods(KnownSymbols symbols) => _symbols = symbols;

            public bool IsCandidate(ISymbol owner, out IMethodSymbol? method)
            {
                method = owner as IMethodSymbol;
                return method is { MethodKind: MethodKind.Ordinary, ReturnsVoid: true, Parameters.Length: 1, Locations.Length: > 0 } &&
                       _symbols.IsFence(method.Parameters[0].Type) && !_symbols.HasSignallingPath(method);
            }

            /// <summary>A method group some body of the type passes to <c>Fence.AddCallback</c>.</summary>
            public void Register(IMethodSymbol method) => _registered.TryAdd(method.OriginalDefinition, 0);

            public void Defer(IMethodSymbol method, Diagnostic diagnostic) =>
                _deferred.GetOrAdd(method.OriginalDefinition, _ => new ConcurrentQueue<Diagnostic>()).Enqueue(diagnostic);

            public void ReportRegistered(System.Action<Diagnostic> report)
            {
                foreach (KeyValuePair<IMethodSymbol, ConcurrentQueue<Diagnostic>> entry in _deferred)
                {
                    if (_registered.ContainsKey(entry.Key))
                    {
                        foreach (Diagnostic diagnostic in entry.Value)
                        {
                            report(diagnostic);
                        }
                    }
                }
            }
        }
    }
}
