using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FenceGuard.Analyzers.Effects;
using FenceGuard.Analyzers.Locks;
using FenceGuard.Analyzers.Sections;
using FenceGuard.Analyzers.Summaries;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Rules
{
    /// <summary>
    /// FG0005: a lock class taken inside a signalling section that is held elsewhere while waiting on a fence or
    /// around a [MayReclaim] call (lockdep's lock → fence → lock). Which classes are held while waiting is a property of
    /// the whole compilation, so acquisitions and holding sites are collected per body and matched once, at the end of
    /// the compilation: this rule needs full-solution analysis to show in the IDE.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LockInversionAnalyzer : FenceGuardAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.LockInversion);

        private protected override void OnFenceGuardCompilation(CompilationStartAnalysisContext start, FenceGuardCompilation state)
        {
            KnownSymbols symbols = state.Symbols!;
            EffectClassifier effects = state.Effects!;
            MethodSummaries summaries = state.Summaries!;
            var acquisitions = new ConcurrentQueue<(LockClass Class, Location Site, string Construct, SectionInfo Section)>();
            var holders = new ConcurrentQueue<(LockClass Class, Location Site, string While)>();

            start.RegisterOperationBlockAction(block =>
            {
                SectionInfo? memberSection = block.OwningSymbol is IMethodSymbol method && symbols.HasSignallingPath(method)
                    ? SectionInfo.ForSignallingPath(method, method.Locations.IsEmpty ? Location.None : method.Locations[0])
                    : null;
                var walker = new SectionWalker(symbols, block.CancellationToken);
                foreach (IOperation root in block.OperationBlocks)
                {
                    walker.Walk(root, memberSection, (operation, section) =>
                    {
                        if (Acquisition(operation, symbols) is not { } acquired)
                        {
                            return;
                        }

                        if (section is not null)
                        {
                            acquisitions.Enqueue((acquired.Class, acquired.Site, acquired.Construct, section));
                        }

                        if (acquired.Body is { } body && WaitsWhileHeld(body, effects, summaries, block.CancellationToken) is { } waits)
                        {
                            holders.Enqueue((acquired.Class, acquired.Site, waits));
                        }
                    });
                }
            });

            start.RegisterCompilationEndAction(end =>
            {
                // The first holding site of each class in source order, so the report does not depend on scheduling.
                var firstHolder = new Dictionary<string, (Location Site, string While)>();
                foreach ((LockClass lockClass, Location site, string waits) in holders.OrderBy(h => h.Site.SourceTree?.FilePath).ThenBy(h => h.Site.SourceSpan.Start))
                {
                    if (!firstHolder.ContainsKey(lockClass.Key))
                    {
                        firstHolder[lockClass.Key] = (site, waits);
                    }
                }

                foreach ((LockClass lockClass, Location site, string construct, SectionInfo section) in acquisitions)
                {
                    if (firstHolder.TryGetValue(lockClass.Key, out (Location Site, string While) holder))
                    {
                        end.ReportDiagnostic(Diagnostic.Create(Descriptors.LockInversion, site, new[] { section.Opening, holder.Site },
                            $"{construct} takes {lockClass.Display}", section.Description, holder.While));
                    }
                }
            });
        }

        /// <summary>A lock taken by this operation: its class, where, how messages name it, and the body it guards (if structured).</summary>
        private static (LockClass Class, Location Site, string Construct, IOperation? Body)? Acquisition(IOperation operation, KnownSymbols symbols)
        {
            switch (operation)
            {
                case ILockOperation lockOperation when LockClass.Of(lockOperation.LockedValue) is { } lockClass:
                    Location site = lockOperation.Syntax is LockStatementSyntax statement ? statement.LockKeyword.GetLocation() : lockOperation.Syntax.GetLocation();
                    return (lockClass, site, $"'lock ({lockOperation.LockedValue.Syntax})'", lockOperation.Body);
                case IUsingOperation { Resources: var resources, Body: var body } when ReservationLockCall(resources, symbols) is { } call:
                    return (LockClass.Reservation, SignallingSectionAnalyzer.ReportLocation(call), $"'{call.Syntax}'", body);
                case IInvocationOperation call when ReservationLockCall(call, symbols) is not null && call.Parent is not IUsingOperation:
                    return (LockClass.Reservation, SignallingSectionAnalyzer.ReportLocation(call), $"'{call.Syntax}'", null);
                case IInvocationOperation { TargetMethod: { Name: "Enter" or "TryEnter", ContainingType: { Name: "Monitor", ContainingNamespace.Name: "Threading" } } } enter
                    when enter.Arguments.Length > 0 && LockClass.Of(enter.Arguments[0].Value) is { } monitorClass:
                    return (monitorClass, SignallingSectionAnalyzer.ReportLocation(enter), $"'Monitor.{enter.TargetMethod.Name}({enter.Arguments[0].Value.Syntax})'", null);
                default:
                    return null;
            }
        }

        private static IInvocationOperation? ReservationLockCall(IOperation? operation, KnownSymbols symbols)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation is IInvocationOperation { TargetMethod.Name: "Lock" } call &&
                   SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, symbols.ReservationObject)
                ? call
                : null;
        }

        /// <summary>What the guarded body does that waits on a fence or may reclaim, directly or through calls, or null.</summary>
        private static string? WaitsWhileHeld(IOperation body, EffectClassifier effects, MethodSummaries summaries, System.Threading.CancellationToken cancellationToken)
        {
            foreach (IOperation operation in body.DescendantsAndSelf())
            {
                if (operation.ContainingFunction(body) is not null)
                {
                    continue;
                }

                if (effects.Classify(operation, MemberList.BuiltInAllocating) is { Kind: EffectKind.FenceWait or EffectKind.Reclaim } effect)
                {
                    return $"{effect.Construct} at line {operation.Line()}";
                }

                if (MethodSummaries.CalleeOf(operation) is { } callee)
                {
                    MethodSummary summary = summaries.Get(callee, cancellationToken);
                    EffectKind? kind = summary[EffectKind.FenceWait] is not null ? EffectKind.FenceWait
                        : summary[EffectKind.Reclaim] is not null ? EffectKind.Reclaim
                        : null;
                    if (kind is { } waiting)
                    {
                        return $"{summaries.DescribeCall(callee, waiting).Text} at line {operation.Line()}";
                    }
                }
            }

            return null;
        }
    }
}
