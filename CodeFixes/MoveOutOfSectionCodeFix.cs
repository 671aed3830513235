using System.Composition;
using System.Threading;
using FenceGuard.Analyzers.Reporting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FenceGuard.CodeFixes
{
    /// <summary>
    /// FG0003, FG0004 and FG0007: move a wait, a blocking call or an <c>await</c> to just before the signalling section,
    /// when it is a plain statement of the section's own block that reads nothing the section makes.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveOutOfSectionCodeFix)), Shared]
    public sealed class MoveOutOfSectionCodeFix : FenceGuardCodeFix
    {
        public const string WaitKey = "FG0003.MoveBeforeSection";
        public const string BlockingKey = "FG0004.MoveBeforeSection";
        public const string AwaitKey = "FG0007.MoveBeforeSection";

        public MoveOutOfSectionCodeFix()
            : base(Descriptors.FenceWaitId + " " + Descriptors.BlockingCallId + " " + Descriptors.AwaitInSectionId,
                (WaitKey, "Move the wait before the signalling section"),
                (BlockingKey, "Move the blocking call before the signalling section"),
                (AwaitKey, "Move the await before the signalling section"))
        {
        }

        private protected override Plan? PlanFor(string key, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!key.StartsWith(diagnostic.Id + ".", System.StringComparison.Ordinal))
            {
                return null;
            }

            SyntaxNode node = NodeAt(root, diagnostic);
            if (diagnostic.Id == Descriptors.AwaitInSectionId && node.FirstAncestorOrSelf<AwaitExpressionSyntax>() is null)
            {
                return null; // 'yield return', 'await foreach' and 'await using' cannot simply move
            }

            if (StatementMoves.MovableStatement(node, model) is not { } move)
            {
                return null;
            }

            return editor => StatementMoves.MoveBefore(editor, move.Statement, move.Section.Opening);
        }
    }
}
