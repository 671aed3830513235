using System;
using System.Collections.Generic;
using System.Threading;
using FenceGuard.Analyzers.Symbols;
using FenceGuard.Analyzers.Operations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Regions
{
    /// <summary>
    /// Finds which operations of a body run inside a signalling section, and the innermost such section:
    /// <list type="bullet">
    /// <item><c>using (Fence.BeginSignalling()) { ... }</c> and <c>using var s = Fence.BeginSignalling();</c> (to the end of the block);</item>
    /// <item><c>var s = Fence.BeginSignalling(); ... Fence.EndSignalling(s);</c> (or <c>s.Dispose()</c>) in one block, including
    /// the <c>try/finally</c> form: from the statement after the begin through the statement that ends it;</item>
    /// <item>bodies of <c>[SignallingPath]</c> members, local functions and lambdas;</item>
    /// <item>lambdas and anonymous methods passed to <c>Fence.AddCallback</c>.</item>
    /// </list>
    /// Other lambdas and local functions are not in their enclosing section: they run when invoked, possibly elsewhere.
    /// Each operation is visited once, iteratively (no recursion, so deeply nested code cannot overflow the stack).
    /// </summary>
    internal sealed class SectionWalker
    {
        private readonly KnownSymbols _symbols;
        private readonly CancellationToken _cancellationToken;
        private readonly Stack<(IOperation Operation, SectionInfo? Section)> _work = new Stack<(IOperation, SectionInfo?)>();
        private readonly List<IOperation> _children = new List<IOperation>();

        public SectionWalker(KnownSymbols symbols, CancellationToken cancellationToken)
        {
            _symbols = symbols;
            _cancellationToken = cancellationToken;
        }

        /// <summary>
        /// Calls <paramref name="visit"/> once for every operation under <paramref name="root"/>, with the innermost section
        /// it runs in, or null when it runs outside every section.
        /// </summary>
        public void Walk(IOperation root, SectionInfo? section, Action<IOperation, SectionInfo?> visit)
        {
            _work.Clear();
            _work.Push((root, section));
            int visited = 0;
            while (_work.Count > 0)
            {
                if ((++visited & 0xFF) == 0)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                }

                (IOperation operation, SectionInfo? current) = _work.Pop();
                visit(operation, current);

                switch (operation)
                {
                    case IAnonymousFunctionOperation lambda:
                        PushChildren(lambda, SectionOfLambda(lambda));
                        break;
                    case ILocalFunctionOperation localFunction:
                        PushChildren(localFunction, _symbols.HasSignallingPath(localFunction.Symbol)
                            ? SectionInfo.ForSignallingPath(localFunction.Symbol, localFunction.Syntax.GetLocation())
                            : null);
                        break;
                    case IUsingOperation { Body: { } body } usingStatement when BeginCall(usingStatement.Resources) is { } begin:
                        _work.Push((body, SectionInfo.ForBegin(begin)));
                        _work.Push((usingStatement.Resources, current));
                        break;
                    case IBlockOperation block:
                        PushBlock(block, current);
                        break;
                    default:
                        PushChildren(operation, current);
                        break;
                }
            }
        }

        private SectionInfo? SectionOfLambda(IAnonymousFunctionOperation lambda)
        {
            if (_symbols.HasSignallingPath(lambda.Symbol))
            {
                return SectionInfo.ForSignallingPath(lambda.Symbol, lambda.Syntax.GetLocation());
            }

            IOperation? parent = lambda.Parent;
            while (parent is IDelegateCreationOperation or IConversionOperation)
            {
                parent = parent.Parent;
            }

            return parent is IArgumentOperation { Parent: IInvocationOperation invocation } &&
                   _symbols.IsFenceMethod(invocation.TargetMethod, "AddCallback")
                ? SectionInfo.ForCallback(lambda)
                : null;
        }

        /// <summary>
        /// Statements of a block in order: a using declaration or a manual begin opens a section for the statements
        /// after it; the statement that ends a manual section is the last one inside it.
        /// </summary>
        private void PushBlock(IBlockOperation block, SectionInfo? current)
        {
            var sections = new SectionInfo?[block.Operations.Length];
            SectionInfo? active = current;
            List<(ILocalSymbol? Local, SectionInfo Section, SectionInfo? Outer)>? open = null;
            for (int i = 0; i < block.Operations.Length; i++)
            {
                IOperation statement = block.Operations[i];
                sections[i] = active;

                if (open is not null)
                {
                    for (int k = open.Count - 1; k >= 0; k--)
                    {
                        if (open[k].Local is { } local && Ends(statement, local))
                        {
                            active = open[k].Outer;
                            open.RemoveRange(k, open.Count - k);
                            break;
                        }
                    }
                }

                switch (statement)
                {
                    case IUsingDeclarationOperation usingDeclaration when BeginCall(usingDeclaration.DeclarationGroup) is { } begin:
                        active = SectionInfo.ForBegin(begin);
                        break;
                    default:
                        if (ManualBegin(statement) is { } manual)
                        {
                            var opened = SectionInfo.ForBegin(manual.Begin);
                            (open ??= new List<(ILocalSymbol?, SectionInfo, SectionInfo?)>()).Add((manual.Local, opened, active));
                            active = opened;
                        }

                        break;
                }
            }

            for (int i = block.Operations.Length - 1; i >= 0; i--)
            {
                _work.Push((block.Operations[i], sections[i]));
            }
        }

        private void PushChildren(IOperation operation, SectionInfo? section)
        {
            // ChildOperations are in source order; push in reverse so they are visited in order.
            _children.Clear();
            foreach (IOperation child in operation.ChildOperations)
            {
                _children.Add(child);
            }

            for (int i = _children.Count - 1; i >= 0; i--)
            {
                _work.Push((_children[i], section));
            }
        }

        /// <summary>The <c>Fence.BeginSignalling()</c> call that <paramref name="resources"/> consists of, if any.</summary>
        private IInvocationOperation? BeginCall(IOperation? resources)
        {
            switch (resources)
            {
                case IInvocationOperation invocation when _symbols.IsFenceMethod(invocation.TargetMethod, "BeginSignalling"):
                    return invocation;
                case IConversionOperation conversion:
                    return BeginCall(conversion.Operand);
                case IVariableDeclarationGroupOperation group when group.Declarations.Length == 1 && group.Declarations[0].Declarators.Length == 1:
                    return BeginCall(group.Declarations[0].Declarators[0].Initializer?.Value ?? group.Declarations[0].Initializer?.Value);
                case IVariableDeclarationOperation declaration when declaration.Declarators.Length == 1:
                    return BeginCall(declaration.Declarators[0].Initializer?.Value ?? declaration.Initializer?.Value);
                default:
                    return null;
            }
        }

        /// <summary><c>var s = Fence.BeginSignalling();</c>, <c>s = Fence.BeginSignalling();</c> or a bare <c>Fence.BeginSignalling();</c>.</summary>
        private (IInvocationOperation Begin, ILocalSymbol? Local)? ManualBegin(IOperation statement)
        {
            switch (statement)
            {
                case IVariableDeclarationGroupOperation group when group.Declarations.Length == 1 && group.Declarations[0].Declarators.Length == 1:
                    IVariableDeclaratorOperation declarator = group.Declarations[0].Declarators[0];
                    return BeginCall(declarator.Initializer?.Value) is { } begin ? (begin, declarator.Symbol) : null;
                case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation target, Value: var value } }
                    when BeginCall(value) is { } assigned:
                    return (assigned, target.Local);
                case IExpressionStatementOperation { Operation: var expression } when BeginCall(expression) is { } bare:
                    return (bare, null);
                default:
                    return null;
            }
        }

        /// <summary>
        /// Whether <paramref name="statement"/> ends the section held in <paramref name="local"/> on every path through
        /// it: the statement is the end call itself, a <c>try</c> whose <c>finally</c> ends it, or <c>using (s)</c>. An
        /// end inside a branch (<c>if (x) { Fence.EndSignalling(s); return; }</c>) leaves the section open for the
        /// statements after it, which run only when that branch was not taken.
        /// </summary>
        private bool Ends(IOperation statement, ILocalSymbol local) => statement switch
        {
            IExpressionStatementOperation { Operation: IInvocationOperation invocation } => IsEndOf(invocation, local),
            ITryOperation { Finally: { } finallyBlock } => ContainsEndOf(finallyBlock, local),
            IUsingOperation { Resources: var resources } => RefersTo(resources, local),
            _ => false,
        };

        private bool ContainsEndOf(IOperation region, ILocalSymbol local)
        {
            foreach (IOperation operation in region.DescendantsAndSelf())
            {
                if (operation is IInvocationOperation invocation && IsEndOf(invocation, local))
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsEndOf(IInvocationOperation invocation, ILocalSymbol local) =>
            _symbols.EndedSection(invocation) is { } ended && RefersTo(ended, local);

        private static bool RefersTo(IOperation value, ILocalSymbol local)
        {
            return value.WithoutConversions() is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);
        }
    }
}
