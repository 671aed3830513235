using System.Collections.Generic;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Regions
{
    /// <summary>
    /// FG0006's facts for one body, gathered from the operations the body walk hands over (it walks nothing itself):
    /// every <c>Fence.BeginSignalling()</c> is ended exactly once, on every path including exceptions, where it began.
    /// <c>using</c> statements and declarations are balanced by construction. A section kept in a local is balanced when
    /// its end is in the <c>finally</c> of the <c>try</c> right after the begin, a <c>using</c> of the local follows, or
    /// the very next statement ends it (<see cref="Endings"/>). Anything else that uses the section value is a copy or a store.
    /// </summary>
    internal sealed class SectionBalance
    {
        private readonly KnownSymbols _symbols;
        // Made when first needed: most bodies have no section at all, and must cost no collections.
        private Dictionary<ILocalSymbol, IInvocationOperation>? _manualOrNull;
        private HashSet<ILocalSymbol>? _usingDeclaredOrNull;
        private Dictionary<ILocalSymbol, List<ILocalReferenceOperation>>? _referencesOrNull;
        private List<IInvocationOperation>? _endsOrNull;
        private List<Imbalance>? _foundOrNull;

        private Dictionary<ILocalSymbol, IInvocationOperation> _manual => _manualOrNull ??= new Dictionary<ILocalSymbol, IInvocationOperation>(SymbolEqualityComparer.Default);

        private HashSet<ILocalSymbol> _usingDeclared => _usingDeclaredOrNull ??= new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);

        private Dictionary<ILocalSymbol, List<ILocalReferenceOperation>> _references => _referencesOrNull ??= new Dictionary<ILocalSymbol, List<ILocalReferenceOperation>>(SymbolEqualityComparer.Default);

        private List<IInvocationOperation> _ends => _endsOrNull ??= new List<IInvocationOperation>();

        private List<Imbalance> _found => _foundOrNull ??= new List<Imbalance>();

        public SectionBalance(KnownSymbols symbols) => _symbols = symbols;

        /// <summary>Whether any begin, end or section local was seen (most bodies have none, and cost nothing more).</summary>
        public bool IsEmpty => _manualOrNull is null && _endsOrNull is null && _referencesOrNull is null && _foundOrNull is null;

        /// <summary>One operation of the body, in the walk's source order.</summary>
        public void Observe(IOperation operation)
        {
            switch (operation)
            {
                case IInvocationOperation invocation when _symbols.IsFenceMethod(invocation.TargetMethod, "BeginSignalling"):
                    ClassifyBegin(invocation);
                    break;
                case IInvocationOperation invocation when _symbols.EndedSection(invocation) is not null:
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

        /// <summary>The imbalances of the body, once every operation was observed.</summary>
        public List<Imbalance> Check()
        {
            foreach (KeyValuePair<ILocalSymbol, IInvocationOperation> manual in _manual)
            {
                CheckManual(manual.Key, manual.Value);
            }

            foreach (IInvocationOperation end in _ends)
            {
                CheckEnd(end);
            }

            return _found;
        }

        private void ClassifyBegin(IInvocationOperation begin)
        {
            switch (begin.ConsumerSkippingConversions())
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
                    Report(begin, ImbalanceKind.Discarded);
                    return;
                default:
                    Report(begin, ImbalanceKind.Stored);
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
                    if (reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
                    {
                        continue; // the declaration's own target
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

                    if (reference.ConvertedForm() is var converted && converted.Parent is IUsingOperation usingOperation && usingOperation.Resources == converted)
                    {
                        ends.Add(null); // using (s) { ... } ends it in its implicit finally
                        continue;
                    }

                    Report(reference, ImbalanceKind.Copied, begin.Line());
                }
            }

            if (ends.Count == 0)
            {
                Report(begin, ImbalanceKind.NeverEnded);
                return;
            }

            if (!IsProtected(begin, local, out IOperation? finallyBlock))
            {
                Report(begin, ImbalanceKind.NotEndedOnEveryPath);
                return;
            }

            // The finally always ends it: any other end of the same section ends it a second time.
            foreach (IInvocationOperation? end in ends)
            {
                if (end is not null && finallyBlock is not null && !finallyBlock.Syntax.Span.Contains(end.Syntax.Span))
                {
                    Report(end, ImbalanceKind.EndedTwiceWithFinally);
                }
            }
        }

        private void CheckEnd(IInvocationOperation end)
        {
            switch (_symbols.EndedSection(end).WithoutConversions())
            {
                case ILocalReferenceOperation local when _manual.ContainsKey(local.Local):
                    return;
                case ILocalReferenceOperation local when _usingDeclared.Contains(local.Local):
                    Report(end, ImbalanceKind.EndedTwiceWithUsing);
                    return;
                case IDefaultValueOperation:
                case IObjectCreationOperation:
                    Report(end, ImbalanceKind.NotOpen);
                    return;
                case IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation:
                    Report(end, ImbalanceKind.NotBegunHere);
                    return;
            }
        }

        /// <summary>The statement right after the begin ends the section on every path (<see cref="Endings.EndsSection"/>).</summary>
        private bool IsProtected(IInvocationOperation begin, ILocalSymbol local, out IOperation? protectingFinally)
        {
            protectingFinally = null;
            if (!StatementIn(begin, out IBlockOperation? block, out int index) || index + 1 >= block!.Operations.Length)
            {
                return false;
            }

            return Endings.EndsSection(block.Operations[index + 1], local, _symbols, out protectingFinally);
        }

        private IInvocationOperation? EndOf(ILocalReferenceOperation reference)
        {
            IOperation? consumer = reference.ConsumerSkippingConversions();
            if (consumer is IArgumentOperation { Parent: IInvocationOperation endCall } && _symbols.EndedSection(endCall) is not null)
            {
                return endCall;
            }

            return consumer is IInvocationOperation disposeCall && _symbols.EndedSection(disposeCall) is not null ? disposeCall : null;
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

        private void Report(IOperation at, ImbalanceKind kind, int copiedBeginLine = 0)
        {
            bool atBegin = at is IInvocationOperation { TargetMethod.Name: "BeginSignalling" };
            _found.Add(new Imbalance(kind, Sites.Of(at), atBegin ? at.Line() : null, atBegin ? null : at.Syntax.ToString(), copiedBeginLine));
        }
    }
}
