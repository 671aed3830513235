using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FenceGuard.Analyzers.Facts;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Reporting;
using FenceGuard.Analyzers.Summaries;
using FenceGuard.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Rules
{
    /// <summary>
    /// FG0010: a bounded fence whose signal is gated by an indefinite source (a <c>UserFence</c> or a
    /// <c>TaskCompletionSource</c> task), the future/proxy-fence pattern. Two structural forms, each direct or through
    /// calls: the signal runs in a callback of the source, or after a wait on the source in the same body (a timeout on
    /// that wait does not help: the fence still signals only when user code lets it).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class IndefiniteFenceAnalyzer : FenceGuardAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.IndefiniteFence, Descriptors.IndefiniteFenceThroughCalls);

        private protected override void OnFenceGuardCompilation(CompilationStartAnalysisContext start, FenceGuardCompilation state)
        {
            KnownSymbols symbols = state.Symbols!;
            EffectClassifier effects = state.Effects!;
            MethodSummaries summaries = state.Summaries!;
            var sources = new IndefiniteSources(symbols);
            var deferred = new ConcurrentQueue<IMethodSymbol>();

            // A body that touches an indefinite source itself is checked here, as the user types. One that does not can
            // only be gated through a call to a method that waits on one: finding out needs its callees' fence summaries,
            // so it is checked once the whole compilation is summarized, not per document (that would pull the whole
            // call graph into every body, binding callees before the driver does).
            start.RegisterOperationBlockAction(block =>
            {
                if (block.OwningSymbol is not IMethodSymbol owner)
                {
                    return;
                }

                FenceEvents events = summaries.EventsOf(owner, block.OperationBlocks, block.CancellationToken);
                if (!events.MentionsIndefinite)
                {
                    if (CalleesOf(events).Any())
                    {
                        deferred.Enqueue(owner);
                    }

                    return;
                }

                foreach (IOperation root in block.OperationBlocks)
                {
                    new BodyCheck(sources, effects, summaries, Descriptors.IndefiniteFence, block.ReportDiagnostic, block.CancellationToken).Visit(root, gate: null);
                }
            });

            start.RegisterCompilationEndAction(end =>
            {
                foreach (IMethodSymbol method in deferred.OrderBy(m => m.Locations.FirstOrDefault() ?? Location.None, Graph.FenceGraph.SourceOrder))
                {
                    if (!CallsAnIndefiniteWaiter(summaries.EventsOf(method, end.CancellationToken), summaries, end.CancellationToken))
                    {
                        continue; // the common case: decided from summaries, the body is not bound again
                    }

                    foreach (IOperation root in summaries.OperationsOf(method, end.CancellationToken))
                    {
                        new BodyCheck(sources, effects, summaries, Descriptors.IndefiniteFenceThroughCalls, end.ReportDiagnostic, end.CancellationToken).Visit(root, gate: null);
                    }
                }
            });
        }

        /// <summary>The callees of a method's calls, its lambdas' included (from its fence events).</summary>
        private static IEnumerable<IMethodSymbol> CalleesOf(FenceEvents events)
        {
            foreach (List<FenceEvent> body in events.Bodies)
            {
                foreach (FenceEvent e in body)
                {
                    if (e is { Kind: FenceEventKind.Call, Callee: { } callee })
                    {
                        yield return callee;
                    }
                }
            }
        }

        /// <summary>Whether a call in this method reaches a wait on an indefinite source, from the callees' summaries.</summary>
        private static bool CallsAnIndefiniteWaiter(FenceEvents events, MethodSummaries summaries, System.Threading.CancellationToken cancellationToken) =>
            CalleesOf(events).Any(callee => summaries.FencesOf(callee, cancellationToken).Waits.Values.Any(w => w.Node.IsIndefinite));

        /// <summary>What counts as an indefinite source, and waits and callbacks on it.</summary>
        private sealed class IndefiniteSources
        {
            private readonly KnownSymbols _symbols;
            public IndefiniteSources(KnownSymbols symbols) => _symbols = symbols;

            /// <summary>"user fence 'present'", "the TaskCompletionSource task 'tcs.Task'", or null.</summary>
            public string? Describe(IOperation? source)
            {
                source = source.WithoutConversions();

                if (source?.Type is { } type && _symbols.IsUserFence(type))
                {
                    return $"the user fence '{source.Syntax}'";
                }

                if (source is IPropertyReferenceOperation { Property.Name: "Task" } task &&
                    _symbols.IsTaskCompletionSource(task.Property.ContainingType))
                {
                    return $"the TaskCompletionSource task '{source.Syntax}'";
                }

                return null;
            }

            /// <summary>A wait on an indefinite source: the waited-on source's description, or null.</summary>
            public string? WaitedOn(IOperation operation) => operation switch
            {
                IAwaitOperation awaitOperation => Describe(awaitOperation.Operation),
                IInvocationOperation { TargetMethod.Name: "Wait" or "WaitAsync" or "GetAwaiter" } call => Describe(call.Instance),
                IPropertyReferenceOperation { Property.Name: "Result" } result => Describe(result.Instance),
                _ => null,
            };

            /// <summary>The source whose callback <paramref name="callback"/> (a lambda or method group argument) becomes, or null.</summary>
            public string? CallbackOf(IOperation callback)
            {
                IOperation? parent = callback.Parent;
                while (parent is IDelegateCreationOperation or IConversionOperation)
                {
                    parent = parent.Parent;
                }

                return parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "AddCallback" or "ContinueWith" or "OnCompleted" or "UnsafeOnCompleted" } call }
                    ? Describe(call.Instance)
                    : null;
            }
        }

        /// <summary>One body: the gate (an indefinite wait or callback) each operation runs behind, and the signals behind one.</summary>
        private sealed class BodyCheck
        {
            private readonly IndefiniteSources _sources;
            private readonly EffectClassifier _effects;
            private readonly MethodSummaries _summaries;
            private readonly DiagnosticDescriptor _descriptor;
            private readonly System.Action<Diagnostic> _report;
            private readonly System.Threading.CancellationToken _cancellationToken;

            public BodyCheck(
                IndefiniteSources sources, EffectClassifier effects, MethodSummaries summaries, DiagnosticDescriptor descriptor,
                System.Action<Diagnostic> report, System.Threading.CancellationToken cancellationToken)
            {
                _sources = sources;
                _effects = effects;
                _summaries = summaries;
                _descriptor = descriptor;
                _report = report;
                _cancellationToken = cancellationToken;
            }

            private readonly List<(IOperation Wait, string Source, IOperation? Function)> _waits = new List<(IOperation, string, IOperation?)>();

            public void Visit(IOperation root, (string Source, Location At)? gate)
            {
                _waits.Clear();
                bool callbacks = false;
                foreach (IOperation operation in root.DescendantsAndSelf())
                {
                    if ((_sources.WaitedOn(operation) ?? WaitedOnThroughCall(operation)) is { } waited)
                    {
                        _waits.Add((operation, waited, operation.ContainingFunction()));
                    }
                    else if (!callbacks && operation is IAnonymousFunctionOperation or IDelegateCreationOperation { Target: IMethodReferenceOperation } &&
                             _sources.CallbackOf(operation) is not null)
                    {
                        callbacks = true;
                    }
                }

                if (gate is null && _waits.Count == 0 && !callbacks)
                {
                    return; // nothing here waits on, or is called back by, an indefinite source: no signal can be gated
                }

                _waits.Sort((a, b) => a.Wait.Syntax.SpanStart.CompareTo(b.Wait.Syntax.SpanStart));
                var work = new Stack<(IOperation Operation, (string Source, Location At)? Gate)>();
                work.Push((root, gate));
                int visited = 0;
                while (work.Count > 0)
                {
                    if ((++visited & 0xFF) == 0)
                    {
                        _cancellationToken.ThrowIfCancellationRequested();
                    }

                    (IOperation operation, (string Source, Location At)? current) = work.Pop();
                    if (current is { } active)
                    {
                        CheckSignal(operation, active);
                    }

                    switch (operation)
                    {
                        case IAnonymousFunctionOperation or IDelegateCreationOperation { Target: IMethodReferenceOperation } when _sources.CallbackOf(operation) is { } source:
                            var callbackGate = (source, operation.Syntax.GetLocation());
                            if (operation is IDelegateCreationOperation { Target: IMethodReferenceOperation reference } &&
                                reference.Method.DeclaringSyntaxReferences.Length > 0)
                            {
                                ReportThroughCall(reference.Method.OriginalDefinition, operation, callbackGate);
                            }

                            PushChildren(work, operation, callbackGate);
                            break;
                        case IAnonymousFunctionOperation or ILocalFunctionOperation:
                            PushChildren(work, operation, null); // runs when invoked, not behind this body's waits
                            break;
                        case IBlockOperation block:
                            (string Source, Location At)? running = current;
                            var gates = new (string Source, Location At)?[block.Operations.Length];
                            for (int i = 0; i < block.Operations.Length; i++)
                            {
                                gates[i] = running;
                                if (running is null && _waits.Count > 0 && FirstIndefiniteWait(block.Operations[i]) is { } wait)
                                {
                                    running = wait; // everything after this statement runs only once the source let it
                                }
                            }

                            for (int i = block.Operations.Length - 1; i >= 0; i--)
                            {
                                work.Push((block.Operations[i], gates[i]));
                            }

                            break;
                        case IConditionalOperation conditional when current is null && _waits.Count > 0 && FirstIndefiniteWait(conditional.Condition) is { } conditionWait:
                            work.Push((conditional.Condition, null));
                            if (conditional.WhenFalse is { } whenFalse)
                            {
                                work.Push((whenFalse, conditionWait));
                            }

                            work.Push((conditional.WhenTrue, conditionWait));
                            break;
                        default:
                            PushChildren(work, operation, current);
                            break;
                    }
                }
            }

            /// <summary>"the call to 'Await', which waits on the user fence 'Client._ready' (File.cs line 9)", or null.</summary>
            private string? WaitedOnThroughCall(IOperation operation)
            {
                if (CallTargets.CalleeOf(operation) is not { } callee)
                {
                    return null;
                }

                foreach ((GraphNode node, Location site) in _summaries.FencesOf(callee, _cancellationToken).Waits.Values)
                {
                    if (node.IsIndefinite)
                    {
                        string what = node.IsParameter ? $"its {node.Display}, an indefinite source" : $"the indefinite {node.Display}";
                        return $"the call to '{CallChains.DisplayName(callee)}', which waits on {what} ({Places.Where(site)})";
                    }
                }

                return null;
            }

            private static void PushChildren(Stack<(IOperation, (string, Location)?)> work, IOperation operation, (string, Location)? gate)
            {
                foreach (IOperation child in operation.ChildOperations.Reverse())
                {
                    work.Push((child, gate));
                }
            }

            /// <summary>
            /// The first wait on an indefinite source written in a statement (not in a lambda or local function inside
            /// it). The waits of the body are collected once, in <see cref="Visit"/>: most bodies have none, and then no
            /// statement is searched; otherwise each statement is a span check per wait, so deep nesting stays linear.
            /// </summary>
            private (string Source, Location At)? FirstIndefiniteWait(IOperation statement)
            {
                Microsoft.CodeAnalysis.Text.TextSpan span = statement.Syntax.Span;
                foreach ((IOperation wait, string source, IOperation? function) in _waits)
                {
                    if (span.Contains(wait.Syntax.Span) && (function is null || !span.Contains(function.Syntax.Span)))
                    {
                        return (source, Sites.Of(wait));
                    }
                }

                return null;
            }

            private void CheckSignal(IOperation operation, (string Source, Location At) gate)
            {
                Effect? effect = _effects.Classify(operation, EffectLists.BuiltIn);
                if (effect is { Kind: EffectKind.Signal })
                {
                    _report(Diagnostic.Create(_descriptor, Sites.Of(operation),
                        new[] { gate.At }, $"'{operation.Syntax}' signals a bounded fence", gate.Source));
                    return;
                }

                if (effect is null && CallTargets.CalleeOf(operation) is { } callee)
                {
                    ReportThroughCall(callee, operation, gate);
                }
            }

            private void ReportThroughCall(IMethodSymbol callee, IOperation site, (string Source, Location At) gate)
            {
                if (_summaries.Get(callee, _cancellationToken)[EffectKind.Signal] is null)
                {
                    return;
                }

                (string through, List<Location> hops) = CallChains.DescribeCall(_summaries, callee, EffectKind.Signal);
                var locations = new List<Location> { gate.At };
                locations.AddRange(hops);
                _report(Diagnostic.Create(_descriptor, Sites.Of(site), locations,
                    $"{through} signals a bounded fence", gate.Source));
            }
        }
    }
}
