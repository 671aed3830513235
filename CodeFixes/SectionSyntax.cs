using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FenceGuard.CodeFixes
{
    /// <summary>
    /// Syntax helpers the fixers share: where the section around a node opens, which statement of the section's own
    /// block holds the node, and whether a piece of code depends on values made inside the section.
    /// </summary>
    internal static class SectionSyntax
    {
        /// <summary>Whether <paramref name="node"/> calls <c>FenceGuard.Fence.BeginSignalling</c>.</summary>
        public static bool IsBegin(SyntaxNode? node, SemanticModel model) => IsFenceCall(node, model, "BeginSignalling");

        /// <summary>Whether <paramref name="node"/> is a call of <c>FenceGuard.Fence.{name}</c>.</summary>
        public static bool IsFenceCall(SyntaxNode? node, SemanticModel model, string name) =>
            node is InvocationExpressionSyntax invocation &&
            model.GetSymbolInfo(invocation).Symbol is IMethodSymbol { Name: var method, ContainingType: { Name: "Fence", ContainingNamespace.Name: "FenceGuard" } } &&
            method == name;

        /// <summary>
        /// The innermost section around <paramref name="node"/> that a fix can work with:
        /// <c>using (Fence.BeginSignalling()) { ... }</c> (the block is its body), or a <c>using var s =
        /// Fence.BeginSignalling();</c> declaration or a manual begin in an enclosing block (the block is that block).
        /// <see cref="Section.Statement"/> is the statement of that block that contains <paramref name="node"/>.
        /// </summary>
        public static Section? Around(SyntaxNode node, SemanticModel model)
        {
            for (SyntaxNode? current = node; current is not null; current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax)
                {
                    return null;
                }

                if (current.Parent is BlockSyntax block && current is StatementSyntax statement)
                {
                    if (block.Parent is UsingStatementSyntax usingStatement && OpensSection(usingStatement, model))
                    {
                        return new Section(usingStatement, block, statement);
                    }

                    // A using declaration or a manual begin earlier in this block.
                    int index = block.Statements.IndexOf(statement);
                    for (int i = index - 1; i >= 0; i--)
                    {
                        if (block.Statements[i] is LocalDeclarationStatementSyntax declaration &&
                            declaration.Declaration.Variables.Count == 1 &&
                            IsBegin(declaration.Declaration.Variables[0].Initializer?.Value, model))
                        {
                            return new Section(declaration, block, statement);
                        }
                    }
                }
            }

            return null;
        }

        private static bool OpensSection(UsingStatementSyntax usingStatement, SemanticModel model) =>
            IsBegin(usingStatement.Expression, model) ||
            usingStatement.Declaration is { Variables.Count: 1 } declaration && IsBegin(declaration.Variables[0].Initializer?.Value, model);

        /// <summary>
        /// Whether <paramref name="code"/> reads a local or parameter declared inside <paramref name="region"/>, or the
        /// section value itself: such code cannot move out of the region.
        /// </summary>
        public static bool DependsOnLocalsOf(SyntaxNode code, Microsoft.CodeAnalysis.Text.TextSpan region, SemanticModel model)
        {
            foreach (IdentifierNameSyntax name in code.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                ISymbol? symbol = model.GetSymbolInfo(name).Symbol;
                if (symbol is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol &&
                    symbol.Locations.FirstOrDefault() is { IsInSource: true } location &&
                    region.Contains(location.SourceSpan))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether evaluating <paramref name="expression"/> earlier could change what it does: calls, assignments, awaits.</summary>
        public static bool HasSideEffects(SyntaxNode expression) =>
            expression.DescendantNodesAndSelf().Any(n => n is InvocationExpressionSyntax or AssignmentExpressionSyntax or
                PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } or
                PostfixUnaryExpressionSyntax or AwaitExpressionSyntax or AnonymousFunctionExpressionSyntax);

        /// <summary>
        /// Whether <paramref name="node"/> runs exactly once each time <paramref name="statement"/> (one of its
        /// ancestors) runs: not in a lambda, a conditional operator, a short-circuit operand, a conditional access or
        /// a switch expression, nor in a loop's condition or increment (which run once per iteration).
        /// </summary>
        public static bool RunsOnceWith(SyntaxNode node, StatementSyntax statement)
        {
            SyntaxNode child = node;
            foreach (SyntaxNode ancestor in node.Ancestors())
            {
                switch (ancestor)
                {
                    case WhileStatementSyntax loop when child == loop.Condition:
                    case DoStatementSyntax doLoop when child == doLoop.Condition:
                    case ForStatementSyntax forLoop when child == forLoop.Condition || forLoop.Incrementors.Contains(child):
                    case AnonymousFunctionExpressionSyntax or ConditionalExpressionSyntax or ConditionalAccessExpressionSyntax or SwitchExpressionSyntax:
                    case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression or (int)SyntaxKind.LogicalOrExpression or (int)SyntaxKind.CoalesceExpression }:
                        return false;
                }

                if (ancestor == statement)
                {
                    return true;
                }

                child = ancestor;
            }

            return true;
        }

        /// <summary>A statement that opens a section, in its block, and the block's statement that holds the diagnostic.</summary>
        internal sealed class Section
        {
            public Section(StatementSyntax opening, BlockSyntax block, StatementSyntax statement)
            {
                Opening = opening;
                Block = block;
                Statement = statement;
            }

            /// <summary>The <c>using</c> statement, or the declaration that begins the section.</summary>
            public StatementSyntax Opening { get; }

            /// <summary>The block whose statements run in the section (from after <see cref="Opening"/>).</summary>
            public BlockSyntax Block { get; }

            /// <summary>The statement of <see cref="Block"/> that contains the node.</summary>
            public StatementSyntax Statement { get; }

            /// <summary>
            /// Where the section's own values are declared: the <c>using</c> statement, or the block from the declaration
            /// on. Code that reads none of them may move before <see cref="Opening"/>.
            /// </summary>
            public Microsoft.CodeAnalysis.Text.TextSpan Region => Opening is UsingStatementSyntax
                ? Opening.Span
                : Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(Opening.SpanStart, Block.Span.End);

            /// <summary>Whether new statements can be put right before <see cref="Opening"/> (it must sit in a block).</summary>
            public bool CanInsertBefore => Opening.Parent is BlockSyntax;
        }
    }
}
