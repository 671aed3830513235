using System.Collections.Generic;
using System.Collections.Immutable;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Reporting;
using FenceGuard.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Rules
{
    /// <summary>
    /// FG0006: every <c>Fence.BeginSignalling()</c> is ended exactly once, on every path including exceptions, where it
    /// began. <c>using</c> statements and declarations are balanced by construction. A section kept in a local is balanced
    /// when its end is in the <c>finally</c> of the <c>try</c> right after the begin (or the very next statement ends it).
    /// Anything else that uses the section value is a copy or a store.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SectionBalanceAnalyzer : FenceGuardAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnbalancedSection);

        private protected override void OnFenceGuardCompilation(CompilationStartAnalysisContext start, FenceGuardCompilation state) =>
            start.RegisterOperationBlockAction(block =>
            {
                if (block.OwningSymbol is IMethodSymbol owner && !state.Summaries!.EventsOf(owner, block.OperationBlocks, block.CancellationToken).MentionsSection)
                {
                    return; // no section value anywhere in this method (its facts were gathered in the one shared walk)
                }

                foreach (IOperation root in block.OperationBlocks)
                {
                    new BodyCheck(state.Symbols!, block).Run(root);
                }
            });

        private sealed class BodyCheck
        {
            private readonly KnownSymbols _symbols;
            private readonly OperationBlockAnalysisContext _context;
            private readonly Dictionary<ILocalSymbol, IInvocationOperation> _manual = new Dictionary<ILocalSymbol, IInvocationOperation>(SymbolEqualityComparer.Default);
            private readonly HashSet<ILocalSymbol> _usingDeclared = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            private readonly Dictionary<ILocalSymbol, List<ILocalReferenceOperation>> _references = new Dictionary<ILocalSymbol, List<ILocalReferenceOperation>>(SymbolEqualityComparer.Default);
            private readonly List<IInvocationOperation> _ends = new List<IInvocationOperation>();

            public BodyCheck(KnownSymbols symbols, OperationBlockAnalysisContext context)
            {
                _symbols = symbols;
                _context = context;
            }

            public void Run(IOperation root)
            {
                int visited = 0;
                foreach (IOperation operation in root.DescendantsAndSelf())
                {
                    if ((++visited & 0xFF) == 0)
                    {
                        _context.CancellationToken.ThrowIfCancellationRequested();
                    }

                    switch (operation)
                    {
                        case IInvocationOperation invocation when _symbols.IsFenceMethod(invocation.TargetMethod, "BeginSignalling"):
                            ClassifyBegin(invocation);
                            break;
                        case IInvocationOperation invocation when IsEnd(invocation, out _):
                            _ends.Add(invocation);
                            break;
                        case ILocalReferenceOperation reference when _symbols.IsSignallingSection(reference.Local.Type):
                            if (!_references.TryGetValue(reference.Local, out List<ILocalReferenceOperation>? list))
                            {
                                _references[reference.Local] = list = new List<ILocalReferenceOperation>();
                            }

                            list.Add(reference);
                            break;
                    }
                }

                foreach (KeyValuePair<ILocalSymbol, IInvocationOperation> manual in _manual)
                {
                    CheckManual(manual.Key, manual.Value);
                }

                foreach (IInvocationOperation end in _ends)
                {
                    CheckEnd(end);
                }
            }

            private void ClassifyBegin(IInvocationOperation begin)
            {
                IOperation parent = Unwrap(begin);
                switch (parent)
                {
                    case IUsingOperation:
                        return;
                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                        if (declarator.Parent?.Parent?.Parent is IUsingDeclarationOperation or IUsingOperation)
                        {
                            _usingDeclared.Add(declarator.Symbol);
                            return;
                        }

                        _manual[declarator.Symbol] = begin;
                        return;
                    case IVariableInitializerOperation:
                        return; // using (var s = ...) forms reach here through their declaration group
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment when assignment.Parent is IExpressionStatementOperation:
                        _manual[local.Local] = begin;
                        return;
                    case IExpressionStatementOperation:
                        Report(begin, Descriptors.UnbalancedSectionText.Discarded, Descriptors.UnbalancedSectionText.DiscardedWhy);
                        return;
                    default:
                        Report(begin, Descriptors.UnbalancedSectionText.Stored, Descriptors.UnbalancedSectionText.StoredWhy);
                        return;
                }
            }

            private void CheckManual(ILocalSymbol local, IInvocationOperation begin)
            {
                var ends = new List<IInvocationOperation?>();
                if (_references.TryGetValue(local, out List<ILocalReferenceOperation>? references))
                {
                    foreach (ILocalReferenceOperation reference in references)
                    {
                        if (IsDeclarationTarget(reference))
                        {
                            continue;
                        }

                        if (EndOf(reference) is { } end && end.ContainingFunction() == begin.ContainingFunction())
                        {
                            ends.Add(end);
                            continue;
                        }

                        if (reference.Parent is IPropertyReferenceOperation { Property.Name: "Depth" })
                        {
                            continue;
                        }

                        if (IsUsingResource(reference))
                        {
                            ends.Add(null);
                            continue;
                        }

                        Report(reference, string.Format(System.Globalization.CultureInfo.InvariantCulture, Descriptors.UnbalancedSectionText.Copies, begin.Line()),
                            Descriptors.UnbalancedSectionText.CopiedWhy);
                    }
                }

                if (ends.Count == 0)
                {
                    Report(begin, Descriptors.UnbalancedSectionText.NeverEnded, Descriptors.UnbalancedSectionText.NeverEndedWhy);
                    return;
                }

                if (!IsProtected(begin, local, out IOperation? finallyBlock))
                {
                    Report(begin, Descriptors.UnbalancedSectionText.NotEndedOnEveryPath,
                        Descriptors.UnbalancedSectionText.NotEndedOnEveryPathWhy);
                    return;
                }

                // The finally always ends it: any other end of the same section ends it a second time.
                foreach (IInvocationOperation? end in ends)
                {
                    if (end is not null && finallyBlock is not null && !finallyBlock.Syntax.Span.Contains(end.Syntax.Span))
                    {
                        Report(end, Descriptors.UnbalancedSectionText.EndedTwiceWithFinally, Descriptors.UnbalancedSectionText.EndedTwiceWhy);
                    }
                }
            }

            private void CheckEnd(IInvocationOperation end)
            {
                IsEnd(end, out IOperation? section);
                switch (section.WithoutConversions())
                {
                    case ILocalReferenceOperation local when _manual.ContainsKey(local.Local):
                        return;
                    case ILocalReferenceOperation local when _usingDeclared.Contains(local.Local):
                        Report(end, Descriptors.UnbalancedSectionText.EndedTwiceWithUsing, Descriptors.UnbalancedSectionText.EndedTwiceWhy);
                        return;
                    case IDefaultValueOperation:
                    case IObjectCreationOperation:
                        Report(end, Descriptors.UnbalancedSectionText.NotOpen, Descriptors.UnbalancedSectionText.NotOpenWhy);
                        return;
                    case IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation:
                        Report(end, Descriptors.UnbalancedSectionText.NotBegunHere, Descriptors.UnbalancedSectionText.NotBegunHereWhy);
                        return;
                }
            }

            /// <summary>The end is in the finally of the try right after the begin, a using of the local follows, or the next statement ends it.</summary>
            private bool IsProtected(IInvocationOperation begin, ILocalSymbol local, out IOperation? protectingFinally)
            {
                protectingFinally = null;
                if (!StatementIn(begin, out IBlockOperation? block, out int index) || index + 1 >= block!.Operations.Length)
                {
                    return false;
                }

                IOperation next = block.Operations[index + 1];
                switch (next)
                {
                    case ITryOperation { Finally: { } finallyBlock }:
                        protectingFinally = finallyBlock;
                        return EndsIn(finallyBlock, local);
                    case IUsingOperation { Resources: var resources } when resources.WithoutConversions() is ILocalReferenceOperation resource &&
                                                                        SymbolEqualityComparer.Default.Equals(resource.Local, local):
                        return true;
                    case IExpressionStatementOperation { Operation: IInvocationOperation invocation }:
                        return IsEnd(invocation, out IOperation? ended) &&
                               ended.WithoutConversions() is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);
                    default:
                        return false;
                }
            }

            private bool EndsIn(IOperation region, ILocalSymbol local)
            {
                foreach (IOperation operation in region.DescendantsAndSelf())
                {
                    if (operation is IInvocationOperation invocation && IsEnd(invocation, out IOperation? section) &&
                        section.WithoutConversions() is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
                    {
                        return true;
                    }
                }

                return false;
            }

            private bool IsEnd(IInvocationOperation invocation, out IOperation? section)
            {
                section = _symbols.EndedSection(invocation);
                return section is not null;
            }

            private IInvocationOperation? EndOf(ILocalReferenceOperation reference)
            {
                IOperation? parent = reference.Parent;
                while (parent is IConversionOperation)
                {
                    parent = parent.Parent;
                }

                if (parent is IArgumentOperation { Parent: IInvocationOperation endCall } && IsEnd(endCall, out _))
                {
                    return endCall;
                }

                return parent is IInvocationOperation disposeCall && IsEnd(disposeCall, out _) ? disposeCall : null;
            }

            /// <summary><c>using (s) { ... }</c> ends the section in its implicit finally.</summary>
            private static bool IsUsingResource(ILocalReferenceOperation reference)
            {
                IOperation current = reference;
                while (current.Parent is IConversionOperation conversion)
                {
                    current = conversion;
                }

                return current.Parent is IUsingOperation usingOperation && usingOperation.Resources == current;
            }


            private static bool IsDeclarationTarget(ILocalReferenceOperation reference) =>
                reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference;

            private static IOperation Unwrap(IOperation operation)
            {
                IOperation parent = operation.Parent!;
                while (parent is IConversionOperation && parent.Parent is not null)
                {
                    parent = parent.Parent;
                }

                return parent;
            }


            private static bool StatementIn(IOperation operation, out IBlockOperation? block, out int index)
            {
                for (IOperation current = operation; current.Parent is not null; current = current.Parent)
                {
                    if (current.Parent is IBlockOperation parentBlock)
                    {
                        block = parentBlock;
                        index = parentBlock.Operations.IndexOf(current);
                        return true;
                    }

                    if (current.Parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                    {
                        break;
                    }
                }

                block = null;
                index = -1;
                return false;
            }

            private void Report(IOperation at, string what, string why)
            {
                string construct = at is IInvocationOperation { TargetMethod.Name: "BeginSignalling" }
                    ? string.Format(System.Globalization.CultureInfo.InvariantCulture, Descriptors.UnbalancedSectionText.BeginAtLine, at.Line())
                    : $"'{at.Syntax}'";
                _context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnbalancedSection,
                    Sites.Of(at), construct + " " + what, why));
            }
        }
    }
}
