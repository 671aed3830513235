using System;
using System.Collections.Generic;
using System.Threading;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Regions
{
    /// <summary>
    /// The one region walker: what opens a region and what ends it. It visits every operation of a body once, in source
    /// order, iteratively (deeply nested code cannot overflow the stack), and tells the visitor where each operation runs
    /// (<see cref="Region"/>):
    /// <list type="bullet">
    /// <item>the innermost signalling section: <c>using (Fence.BeginSignalling()) { ... }</c>; <c>using var s = ...;</c> (to
    /// the end of the block); <c>var s = Fence.BeginSignalling(); ... Fence.EndSignalling(s);</c> (or <c>s.Dispose()</c>,
    /// or <c>using (s)</c>) from the statement after the begin through the statement that ends it on every path
    /// (<see cref="Endings"/>); bodies of <c>[SignallingPath]</c> members, local functions and lambdas; lambdas passed to
    /// <c>Fence.AddCallback</c>. Other lambdas and local functions are not in their enclosing section: they run when invoked;</item>
    /// <item>the function it runs in, and its frame position (block and statement, conditional and branch), from which
    /// facts read orderings such as "after a wait on a user fence" (FG0010's gates) and held-lock regions are checked.</item>
    /// </list>
    /// </summary>
    internal sealed class RegionWalker
    {
        private readonly KnownSymbols _symbols;
        private readonly FenceApi _api;
        private readonly CancellationToken _cancellationToken;
        [ThreadStatic]
        private static Stack<Item>? t_work;

        [ThreadStatic]
        private static List<IOperation>? t_children;

        // Reused per thread: a walker per body, but no stack grown afresh for each one.
        private readonly Stack<Item> _work = t_work ??= new Stack<Item>();
        private readonly List<IOperation> _children = t_children ??= new List<IOperation>();
        private static readonly int[] RootOnly = { -1 };
        private List<int>? _functionParents; // made when a body has a lambda or local function

        public RegionWalker(KnownSymbols symbols, FenceApi api, CancellationToken cancellationToken)
        {
            _symbols = symbols;
            _api = api;
            _cancellationToken = cancellationToken;
        }

        /// <summary>For each function index, the function it is written in (-1 for the member's own body, index 0).</summary>
        public IReadOnlyList<int> FunctionParents => (IReadOnlyList<int>?)_functionParents ?? RootOnly;

        /// <summary>
        /// Calls <paramref name="visit"/> once for every operation under <paramref name="root"/> with where it runs.
        /// <paramref name="memberSection"/> is the section the member's whole body runs in ([SignallingPath], or a
        /// callback method), or null.
        /// </summary>
        public void Walk(IOperation root, SectionInfo? memberSection, Action<IOperation, Region> visit)
        {
            _work.Clear();
            var top = new Frame(FrameKind.Function, null, 0, 0);
            if (root is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                // A lambda or local function summarized as a method of its own: its body is the member's own body.
                visit(root, new Region(memberSection, top, 0, null, false));
                SectionInfo? own = memberSection ?? (root is IAnonymousFunctionOperation lambda ? SectionOfLambda(lambda) : SectionOfLocalFunction((ILocalFunctionOperation)root));
                PushChildren(root, new Item(root, own, top, 0, null, false));
            }
            else
            {
                _work.Push(new Item(root, memberSection, top, 0, null, false));
            }

            int visited = 0;
            while (_work.Count > 0)
            {
                if ((++visited & 0xFF) == 0)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                }

                Item item = _work.Pop();
                IOperation operation = item.Operation;
                if (operation is IInvocationOperation { TargetMethod: { IsPartialDefinition: true, PartialImplementationPart: null } })
                {
                    continue; // a partial method without an implementation: the compiler removes the call, arguments and all
                }

                visit(operation, new Region(item.Section, item.Frame, item.Statement, item.Function, item.UnderLocalFunction));

                switch (operation)
                {
                    case IAnonymousFunctionOperation lambda:
                    {
                        Frame frame = EnterFunction(item);
                        if (_api.RegistrationOf(lambda) is { } registration && _api.RegisteredOn(registration) is { } source)
                        {
                            frame.CallbackOf = source;
                            frame.CallbackAt = lambda.Syntax.GetLocation();
                        }

                        PushChildren(lambda, new Item(lambda, SectionOfLambda(lambda), frame, 0, lambda, item.UnderLocalFunction));
                        break;
                    }

                    case ILocalFunctionOperation localFunction:
                        PushChildren(localFunction, new Item(localFunction, SectionOfLocalFunction(localFunction), EnterFunction(item), 0, localFunction, true));
                        break;
                    case IUsingOperation { Body: { } body } usingStatement when BeginCall(usingStatement.Resources) is { } begin:
                        _work.Push(item.With(body, SectionInfo.ForBegin(begin)));
                        _work.Push(item.With(usingStatement.Resources, item.Section));
                        break;
                    case IBlockOperation block:
                        PushBlock(block, item);
                        break;
                    case IConditionalOperation conditional:
                    {
                        var frame = new Frame(FrameKind.Conditional, item.Frame, item.Statement, item.Frame.Function);
                        if (conditional.WhenFalse is { } whenFalse)
                        {
                            _work.Push(new Item(whenFalse, item.Section, frame, 2, item.Function, item.UnderLocalFunction));
                        }

                        _work.Push(new Item(conditional.WhenTrue, item.Section, frame, 1, item.Function, item.UnderLocalFunction));
                        _work.Push(new Item(conditional.Condition, item.Section, frame, 0, item.Function, item.UnderLocalFunction));
                        break;
                    }

                    default:
                        PushChildren(operation, item);
                        break;
                }
            }
        }

        private Frame EnterFunction(Item item)
        {
            _functionParents ??= new List<int> { -1 };
            int index = _functionParents.Count;
            _functionParents.Add(item.Frame.Function);
            return new Frame(FrameKind.Function, item.Frame, item.Statement, index);
        }

        private SectionInfo? SectionOfLocalFunction(ILocalFunctionOperation localFunction) =>
            _symbols.HasSignallingPath(localFunction.Symbol) ? SectionInfo.ForSignallingPath(localFunction.Symbol, localFunction.Syntax.GetLocation()) : null;

        private SectionInfo? SectionOfLambda(IAnonymousFunctionOperation lambda)
        {
            if (_symbols.HasSignallingPath(lambda.Symbol))
            {
                return SectionInfo.ForSignallingPath(lambda.Symbol, lambda.Syntax.GetLocation());
            }

            return _api.RegistrationOf(lambda) is { } registration && _symbols.IsFenceMethod(registration.TargetMethod, "AddCallback")
                ? SectionInfo.ForCallback(lambda.Syntax)
                : null;
        }

        /// <summary>
        /// Statements of a block in order: a using declaration or a manual begin opens a section for the statements
        /// after it; the statement that ends a manual section is the last one inside it.
        /// </summary>
        private void PushBlock(IBlockOperation block, Item item)
        {
            var frame = new Frame(FrameKind.Block, item.Frame, item.Statement, item.Frame.Function);
            if (!MayOpenOrEnd(block))
            {
                // The common block: no statement begins a section, so every statement runs in the block's section.
                for (int i = block.Operations.Length - 1; i >= 0; i--)
                {
                    _work.Push(new Item(block.Operations[i], item.Section, frame, i, item.Function, item.UnderLocalFunction));
                }

                return;
            }

            var sections = new SectionInfo?[block.Operations.Length];
            SectionInfo? active = item.Section;
            List<(ILocalSymbol? Local, SectionInfo? Outer)>? open = null;
            for (int i = 0; i < block.Operations.Length; i++)
            {
                IOperation statement = block.Operations[i];
                sections[i] = active;

                if (open is not null)
                {
                    for (int k = open.Count - 1; k >= 0; k--)
                    {
                        if (open[k].Local is { } local && Endings.EndsSection(statement, local, _symbols, out _))
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
                            (open ??= new List<(ILocalSymbol?, SectionInfo?)>()).Add((manual.Local, active));
                            active = SectionInfo.ForBegin(manual.Begin);
                        }

                        break;
                }
            }

            for (int i = block.Operations.Length - 1; i >= 0; i--)
            {
                _work.Push(new Item(block.Operations[i], sections[i], frame, i, item.Function, item.UnderLocalFunction));
            }
        }

        /// <summary>Whether a statement of the block begins a section (a using declaration or a manual begin); only then can one end there.</summary>
        private bool MayOpenOrEnd(IBlockOperation block)
        {
            foreach (IOperation statement in block.Operations)
            {
                if ((statement is IUsingDeclarationOperation usingDeclaration && BeginCall(usingDeclaration.DeclarationGroup) is not null) || ManualBegin(statement) is not null)
                {
                    return true;
                }
            }

            return false;
        }

        private void PushChildren(IOperation operation, Item item)
        {
            // ChildOperations are in source order; push in reverse so they are visited in order.
            _children.Clear();
            foreach (IOperation child in operation.ChildOperations)
            {
                _children.Add(child);
            }

            for (int i = _children.Count - 1; i >= 0; i--)
            {
                _work.Push(item.With(_children[i], item.Section));
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

        private readonly struct Item
        {
            public Item(IOperation operation, SectionInfo? section, Frame frame, int statement, IOperation? function, bool underLocalFunction)
            {
                Operation = operation;
                Section = section;
                Frame = frame;
                Statement = statement;
                Function = function;
                UnderLocalFunction = underLocalFunction;
            }

            public IOperation Operation { get; }

            public SectionInfo? Section { get; }

            public Frame Frame { get; }

            public int Statement { get; }

            public IOperation? Function { get; }

            public bool UnderLocalFunction { get; }

            public Item With(IOperation operation, SectionInfo? section) => new Item(operation, section, Frame, Statement, Function, UnderLocalFunction);
        }
    }
}
