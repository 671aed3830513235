using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Regions;
using FenceGuard.Analyzers.Reporting;
using FenceGuard.Analyzers.Summaries;
using FenceGuard.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Rules
{
    /// <summary>
    /// FG0001–FG0004, FG0007, FG0008 and FG0030: what a signalling section (or a [RecoverableFaults] workload) does, directly or through calls. Asks <see cref="SectionWalker"/>
    /// where the sections are and <see cref="EffectClassifier"/> what each operation does; walks nothing itself. Reported
    /// per operation block (one walk per body), so the diagnostics appear in the IDE as the user types.
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
            EffectClassifier effects = state.Effects!;
            MethodSummaries summaries = state.Summaries!;
            // Members are analysed per type, so that a method registered as a callback by a method group
            // (fence.AddCallback(OnRetired)) can be checked as a section: see CallbackMethods.
            start.RegisterSymbolStartAction(typeStart =>
            {
                var callbacks = new CallbackMethods(symbols);
                typeStart.RegisterOperationBlockAction(block =>
                {
                    EffectLists list = state.ListsFor(block.OperationBlocks.IsEmpty ? null : block.OperationBlocks[0].Syntax.SyntaxTree);
                    AnalyzeBlock(block, symbols, effects, summaries, list, memberSection: null, report: block.ReportDiagnostic, callbacks);
                    if (callbacks.IsCandidate(block.OwningSymbol, out IMethodSymbol? candidate))
                    {
                        // The same body once more, as if it were a fence callback; kept until the type is done.
                        SectionInfo asCallback = SectionInfo.ForCallbackMethod(candidate!, candidate!.Locations[0]);
                        AnalyzeBlock(block, symbols, effects, summaries, list, asCallback, diagnostic => callbacks.Defer(candidate, diagnostic), registrations: null);
                    }
                });
                typeStart.RegisterSymbolEndAction(end => callbacks.ReportRegistered(end.ReportDiagnostic));
            }, SymbolKind.NamedType);
        }

        private static void AnalyzeBlock(
            OperationBlockAnalysisContext context, KnownSymbols symbols, EffectClassifier effects, MethodSummaries summaries, EffectLists allocatingMembers,
            SectionInfo? memberSection, System.Action<Diagnostic> report, CallbackMethods? registrations)
        {
            bool asCallbackOnly = memberSection is not null;
            string? workload = symbols.IsRecoverableFaults(context.OwningSymbol) ? $"the [RecoverableFaults] workload '{context.OwningSymbol.Name}'" : null;
            if (memberSection is null && context.OwningSymbol is IMethodSymbol method && symbols.HasSignallingPath(method))
            {
                memberSection = SectionInfo.ForSignallingPath(method, method.Locations.IsEmpty ? Location.None : method.Locations[0]);
            }

            if (memberSection is null && workload is null && context.OwningSymbol is IMethodSymbol owner &&
                !summaries.EventsOf(owner, context.OperationBlocks, context.CancellationToken).OpensSection)
            {
                return; // nothing in this body can open a section (its facts were gathered in one walk, shared by all rules)
            }

            var walker = new SectionWalker(symbols, context.CancellationToken);
            var reservations = new Reservations(symbols);
            foreach (IOperation root in context.OperationBlocks)
            {
                if (root.Syntax.FirstAncestorOrSelf<AttributeSyntax>() is not null)
                {
                    continue; // attribute applications are not executed code
                }

                walker.Walk(root, memberSection, (operation, section) =>
                {
                    reservations.Observe(operation, section);
                    registrations?.Observe(operation);
                    // Re-walking a body as a callback adds only what runs directly in the callback section: findings in
                    // sections the body opens itself were reported by the ordinary walk.
                    if (workload is not null && !asCallbackOnly)
                    {
                        CheckWorkload(operation, effects.Classify(operation, allocatingMembers), workload, summaries, allocatingMembers, report, context.CancellationToken);
                    }

                    bool alreadyReported = asCallbackOnly && !ReferenceEquals(section, memberSection);
                    if (!alreadyReported && OtherTypesCallback(operation, symbols, context.OwningSymbol) is { } callback)
                    {
                        // fence.AddCallback(Other.Handler): the handler's body is a section; report at the registration.
                        ReportThroughCall(callback, SectionInfo.ForCallback(operation), operation, summaries, allocatingMembers, report, directKind: null, context.CancellationToken);
                    }

                    if (section is null || alreadyReported)
                    {
                        return;
                    }

                    Effect? direct = effects.Classify(operation, allocatingMembers);
                    if (CallTargets.CalleeOf(operation) is { } callee)
                    {
                        // What the callee's body does that is more serious than what this operation is reported for
                        // (Reclaim > FenceWait > Blocking > Allocation): 'new Ledger()' allocates, and its constructor sleeps.
                        ReportThroughCall(callee, section, operation, summaries, allocatingMembers, report, direct?.Kind, context.CancellationToken);
                    }

                    if (direct is not { } effect)
                    {
                        return;
                    }

                    if (InSection(effect.Kind) is not { } descriptor)
                    {
                        return;
                    }

                    report(Diagnostic.Create(descriptor, Sites.Of(operation),
                        ImmutableArray.Create(section.Opening), effect.Construct, section.Description));
                });
            }

            foreach ((IInvocationOperation addFence, SectionInfo section) in asCallbackOnly ? Enumerable.Empty<(IInvocationOperation, SectionInfo)>() : reservations.Unreserved())
            {
                report(Diagnostic.Create(Descriptors.UnreservedAddFence, Sites.Of(addFence),
                    ImmutableArray.Create(section.Opening), addFence.Instance?.Syntax.ToString() ?? "ReservationObject", section.Description));
            }
        }

        /// <summary>
        /// Reports, at <paramref name="site"/>, each effect the callee has through its body and its callees, naming the
        /// chain (<c>'Retire' (Retire → Trace → Format: 'new StringBuilder')</c>); every hop is an additional location.
        /// </summary>
        private static void ReportThroughCall(
            IMethodSymbol callee, SectionInfo section, IOperation site, MethodSummaries summaries, EffectLists allocatingMembers,
            System.Action<Diagnostic> report, EffectKind? directKind, System.Threading.CancellationToken cancellationToken)
        {
            MethodSummary summary = summaries.Get(callee, cancellationToken);
            foreach (EffectKind kind in MethodSummary.TransitiveKinds)
            {
                if (summary[kind] is null)
                {
                    continue;
                }

                if (directKind is { } direct &&
                    System.Array.IndexOf(MethodSummary.TransitiveKinds, kind) >= System.Array.IndexOf(MethodSummary.TransitiveKinds, direct))
                {
                    continue;
                }

                (string through, List<Location> hops) = CallChains.DescribeCall(summaries, callee, kind);
                var locations = new List<Location> { section.Opening };
                locations.AddRange(hops);
                if (InSection(kind) is not { } descriptor)
                {
                    continue;
                }

                report(Diagnostic.Create(descriptor, Sites.Of(site), locations, through, section.Description));
            }
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

        /// <summary>
        /// FG0030 inside a [RecoverableFaults] workload: signalling a bounded fence or opening a section, directly or
        /// through calls (reported at the call site with the chain). Lambdas and local functions are left to their callers.
        /// </summary>
        private static void CheckWorkload(
            IOperation operation, Effect? direct, string workload, MethodSummaries summaries, EffectLists allocatingMembers,
            System.Action<Diagnostic> report, System.Threading.CancellationToken cancellationToken)
        {
            if (operation.ContainingFunction() is not null)
            {
                return;
            }

            if (direct is { Kind: EffectKind.Signal or EffectKind.OpensSection } signal)
            {
                report(Diagnostic.Create(Descriptors.RecoverableFaults, Sites.Of(operation), $"{signal.Construct} signals a bounded fence", workload));
                return;
            }

            if (direct is null && CallTargets.CalleeOf(operation) is { } callee)
            {
                MethodSummary summary = summaries.Get(callee, cancellationToken);
                EffectKind? kind = summary[EffectKind.Signal] is not null ? EffectKind.Signal
                    : summary[EffectKind.OpensSection] is not null ? EffectKind.OpensSection
                    : null;
                if (kind is { } signalling)
                {
                    (string through, List<Location> hops) = CallChains.DescribeCall(summaries, callee, signalling);
                    report(Diagnostic.Create(Descriptors.RecoverableFaults, Sites.Of(operation), hops, $"{through} signals a bounded fence", workload));
                }
            }
        }

        /// <summary><c>fence.AddCallback(M)</c> where M is declared in another type (same-type methods are walked as callbacks).</summary>
        private static IMethodSymbol? OtherTypesCallback(IOperation operation, KnownSymbols symbols, ISymbol owner)
        {
            if (operation is IDelegateCreationOperation { Target: IMethodReferenceOperation reference, Parent: IArgumentOperation { Parent: IInvocationOperation invocation } } &&
                symbols.IsFenceMethod(invocation.TargetMethod, "AddCallback") &&
                reference.Method.DeclaringSyntaxReferences.Length > 0 &&
                !SymbolEqualityComparer.Default.Equals(reference.Method.ContainingType, owner.ContainingType))
            {
                return reference.Method.OriginalDefinition;
            }

            return null;
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

            public void Observe(IOperation operation)
            {
                if (operation is IDelegateCreationOperation { Target: IMethodReferenceOperation reference, Parent: IArgumentOperation { Parent: IInvocationOperation invocation } } &&
                    _symbols.IsFenceMethod(invocation.TargetMethod, "AddCallback"))
                {
                    _registered.TryAdd(reference.Method.OriginalDefinition, 0);
                }
            }

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

        /// <summary>
        /// FG0008's bookkeeping for one body: ReserveSlots calls anywhere, AddFence calls inside sections opened by
        /// BeginSignalling. An AddFence is reserved when the same object (local, parameter, field or property) had
        /// ReserveSlots called on it earlier in the same function, before the section opened. AddFence in
        /// [SignallingPath] members and callbacks is left to the caller's analysis: nothing of the body runs before them.
        /// </summary>
        private sealed class Reservations
        {
            private readonly KnownSymbols _symbols;
            private List<(ISymbol Target, IOperation? Function, int End)>? _reserved;
            private List<(IInvocationOperation AddFence, SectionInfo Section, ISymbol? Target)>? _adds;

            public Reservations(KnownSymbols symbols) => _symbols = symbols;

            public void Observe(IOperation operation, SectionInfo? section)
            {
                if (operation is not IInvocationOperation invocation ||
                    !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, _symbols.ReservationObject))
                {
                    return;
                }

                ISymbol? target = Target(invocation.Instance);
                if (invocation.TargetMethod.Name == "ReserveSlots" && target is not null)
                {
                    (_reserved ??= new List<(ISymbol, IOperation?, int)>()).Add((target, invocation.ContainingFunction(), invocation.Syntax.Span.End));
                }
                else if (invocation.TargetMethod.Name == "AddFence" && section is { IsBeginSignalling: true })
                {
                    (_adds ??= new List<(IInvocationOperation, SectionInfo, ISymbol?)>()).Add((invocation, section, target));
                }
            }

            /// <summary>Whether <paramref name="outer"/> (null: the member's own body) is <paramref name="inner"/> or a function around it.</summary>
            private static bool Encloses(IOperation? outer, IOperation? inner)
            {
                for (IOperation? current = inner; ; current = current.ContainingFunction())
                {
                    if (current == outer)
                    {
                        return true;
                    }

                    if (current is null)
                    {
                        return false;
                    }
                }
            }

            public IEnumerable<(IInvocationOperation AddFence, SectionInfo Section)> Unreserved()
            {
                if (_adds is null)
                {
                    yield break;
                }

                foreach ((IInvocationOperation addFence, SectionInfo section, ISymbol? target) in _adds)
                {
                    if (!IsReserved(addFence, section, target))
                    {
                        yield return (addFence, section);
                    }
                }
            }

            private bool IsReserved(IInvocationOperation addFence, SectionInfo section, ISymbol? target)
            {
                if (target is null || _reserved is null)
                {
                    return false;
                }

                IOperation? function = addFence.ContainingFunction();
                int opening = section.Opening.SourceSpan.Start;
                foreach ((ISymbol reservedTarget, IOperation? reservedFunction, int end) in _reserved)
                {
                    // Reserved earlier in the same body, or in a body around the lambda or local function that holds
                    // the section (reserve, then run a lambda that adds: AllocatedBy(() => { ... AddFence ... })).
                    if (end <= opening && SymbolEqualityComparer.Default.Equals(reservedTarget, target) && Encloses(reservedFunction, function))
                    {
                        return true;
                    }
                }

                return false;
            }

            private static ISymbol? Target(IOperation? instance) => instance switch
            {
                ILocalReferenceOperation local => local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
                IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.IsEmpty: true } property => property.Property,
                IConversionOperation conversion => Target(conversion.Operand),
                _ => null,
            };
        }
    }
}
