using System.Collections.Generic;
using System.Composition;
using System.Linq;
using System.Threading;
using FenceGuard.Analyzers.Reporting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace FenceGuard.CodeFixes
{
    /// <summary>
    /// FG0006: <c>var s = Fence.BeginSignalling(); ... Fence.EndSignalling(s);</c> (or <c>s.Dispose()</c>) in one block
    /// becomes a <c>using</c> declaration (when the end is the block's last statement, so the section still ends at the
    /// same place) or a <c>try/finally</c> that ends it (always).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnbalancedSectionCodeFix)), Shared]
    public sealed class UnbalancedSectionCodeFix : FenceGuardCodeFix
    {
        public const string UsingDeclarationKey = "FG0006.UsingDeclaration";
        public const string TryFinallyKey = "FG0006.TryFinally";

        public UnbalancedSectionCodeFix()
            : base(Descriptors.UnbalancedSectionId,
                (UsingDeclarationKey, "End the section with a using declaration"),
                (TryFinallyKey, "End the section in a finally block"))
        {
        }

        private protected override Plan? PlanFor(string key, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (NodeAt(root, diagnostic).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } begin ||
                !SectionSyntax.IsBegin(begin, model) ||
                begin.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } ||
                declarator.Parent?.Parent is not LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, Declaration.Variables.Count: 1 } declaration ||
                declaration.Parent is not BlockSyntax block ||
                model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local)
            {
                return null;
            }

            int start = block.Statements.IndexOf(declaration);
            int endIndex = -1;
            for (int i = start + 1; i < block.Statements.Count && endIndex < 0; i++)
            {
                if (Ends(block.Statements[i], local, model))
                {
                    endIndex = i;
                }
                else if (block.Statements[i].DescendantNodes().OfType<InvocationExpressionSyntax>().Any(call => EndsCall(call, local, model)))
                {
                    return null; // ended inside a branch: the intended structure is not clear enough to rewrite
                }
            }

            if (endIndex < 0)
            {
                return null;
            }

            StatementSyntax end = block.Statements[endIndex];
            List<StatementSyntax> between = block.Statements.Skip(start + 1).Take(endIndex - start - 1).ToList();
            bool usedAfter = block.Statements.Skip(endIndex + 1).Any(s => References(s, local, model));
            if (usedAfter)
            {
                return null;
            }

            if (key == UsingDeclarationKey)
            {
                if (endIndex != block.Statements.Count - 1)
                {
                    return null; // a using declaration would keep the section open past the end call
                }

                return editor =>
                {
                    SyntaxToken usingKeyword = Token(SyntaxKind.UsingKeyword).WithLeadingTrivia(declaration.GetLeadingTrivia()).WithTrailingTrivia(Space);
                    editor.ReplaceNode(declaration, declaration.WithoutLeadingTrivia().WithUsingKeyword(usingKeyword));
                    editor.RemoveNode(end, KeepComments(end));
                };
            }

            if (key == TryFinallyKey && between.Count > 0)
            {
                return editor =>
                {
                    TryStatementSyntax protectedRegion = TryStatement(
                            Block(between.Select(s => s.WithoutTrivia().WithLeadingTrivia(s.GetLeadingTrivia().Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia))).WithTrailingTrivia(s.GetTrailingTrivia()))),
                            default,
                            FinallyClause(Block(end.WithoutTrivia())))
                        .WithLeadingTrivia(between[0].GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
                        .WithTrailingTrivia(end.GetTrailingTrivia())
                        .WithAdditionalAnnotations(Formatter.Annotation);
                    foreach (StatementSyntax statement in between)
                    {
                        editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
                    }

                    editor.ReplaceNode(end, protectedRegion);
                };
            }

            return null;
        }

        private static SyntaxRemoveOptions KeepComments(SyntaxNode node) =>
            node.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia))
                ? SyntaxRemoveOptions.KeepLeadingTrivia
                : SyntaxRemoveOptions.KeepNoTrivia;

        private static bool Ends(StatementSyntax statement, ILocalSymbol local, SemanticModel model) =>
            statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax call } && EndsCall(call, local, model);

        /// <summary><c>Fence.EndSignalling(s)</c> or <c>s.Dispose()</c>.</summary>
        private static bool EndsCall(InvocationExpressionSyntax call, ILocalSymbol local, SemanticModel model)
        {
            if (SectionSyntax.IsFenceCall(call, model, "EndSignalling") && call.ArgumentList.Arguments.Count == 1)
            {
                return IsLocal(call.ArgumentList.Arguments[0].Expression, local, model);
            }

            return call is { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose" } access, ArgumentList.Arguments.Count: 0 } &&
                   IsLocal(access.Expression, local, model);
        }

        private static bool IsLocal(ExpressionSyntax expression, ILocalSymbol local, SemanticModel model) =>
            expression is IdentifierNameSyntax && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(expression).Symbol, local);

        private static bool References(SyntaxNode node, ILocalSymbol local, SemanticModel model) =>
            node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == local.Name && IsLocal(n, local, model));
    }
}
