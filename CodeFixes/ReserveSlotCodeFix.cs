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
    /// FG0008: insert <c>obj.ReserveSlots(1);</c> just before the section. Offered only when the section runs under
    /// <c>obj.Lock()</c> already (reserving needs the lock) and <c>obj</c> is a plain expression known before the section.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReserveSlotCodeFix)), Shared]
    public sealed class ReserveSlotCodeFix : FenceGuardCodeFix
    {
        public const string Key = "FG0008.ReserveSlot";

        public ReserveSlotCodeFix()
            : base(Descriptors.UnreservedAddFenceId, (Key, "Reserve a slot before the signalling section"))
        {
        }

        private protected override Plan? PlanFor(string key, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            SyntaxNode node = NodeAt(root, diagnostic);
            if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AddFence" } access } ||
                SectionSyntax.Around(node, model) is not { CanInsertBefore: true } section ||
                SectionSyntax.HasSideEffects(access.Expression) ||
                SectionSyntax.DependsOnLocalsOf(access.Expression, section.Region, model) ||
                !HeldAround(section.Opening, access.Expression))
            {
                return null;
            }

            return editor =>
            {
                ExpressionStatementSyntax reserve = ExpressionStatement(InvocationExpression(
                        MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, access.Expression.WithoutTrivia(), IdentifierName("ReserveSlots")),
                        ArgumentList(SingletonSeparatedList(Argument(LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(1)))))))
                    .WithAdditionalAnnotations(Formatter.Annotation);
                editor.InsertBefore(section.Opening, reserve);
            };
        }

        /// <summary>Whether <paramref name="opening"/> runs inside <c>using (obj.Lock())</c> or after <c>using var g = obj.Lock();</c>.</summary>
        private static bool HeldAround(StatementSyntax opening, ExpressionSyntax reservation)
        {
            bool IsLockOf(ExpressionSyntax? expression) =>
                expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Lock" } lockAccess } &&
                SyntaxFactory.AreEquivalent(lockAccess.Expression, reservation);

            for (SyntaxNode? current = opening; current is not null && current is not MemberDeclarationSyntax; current = current.Parent)
            {
                if (current is UsingStatementSyntax usingStatement && current != opening &&
                    (IsLockOf(usingStatement.Expression) || usingStatement.Declaration?.Variables.Any(v => IsLockOf(v.Initializer?.Value)) == true))
                {
                    return true;
                }

                if (current.Parent is BlockSyntax block && current is StatementSyntax statement &&
                    block.Statements.TakeWhile(s => s != statement).OfType<LocalDeclarationStatementSyntax>()
                        .Any(d => d.UsingKeyword.RawKind != 0 && d.Declaration.Variables.Any(v => IsLockOf(v.Initializer?.Value))))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
