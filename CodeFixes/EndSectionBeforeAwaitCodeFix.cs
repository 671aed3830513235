using System.Collections.Generic;
using System.Composition;
using System.Linq;
using System.Threading;
using FenceGuard.Analyzers.Reporting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace FenceGuard.CodeFixes
{
    /// <summary>
    /// FG0007: end the section before the <c>await</c>. In <c>using (Fence.BeginSignalling()) { A; await X; B; }</c> the
    /// statements before the await stay in the section and the rest follows it: <c>using (...) { A; } await X; B;</c>.
    /// Offered only when the moved statements use no local declared before the await inside the section.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EndSectionBeforeAwaitCodeFix)), Shared]
    public sealed class EndSectionBeforeAwaitCodeFix : FenceGuardCodeFix
    {
        public const string Key = "FG0007.EndSectionBeforeAwait";

        public EndSectionBeforeAwaitCodeFix()
            : base(Descriptors.AwaitInSectionId, (Key, "End the signalling section before the await"))
        {
        }

        private protected override Plan? PlanFor(string key, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            SyntaxNode node = NodeAt(root, diagnostic);
            if (node.FirstAncestorOrSelf<AwaitExpressionSyntax>() is null ||
                SectionSyntax.Around(node, model) is not { Opening: UsingStatementSyntax usingStatement, CanInsertBefore: true } section ||
                node.FirstAncestorOrSelf<StatementSyntax>() != section.Statement)
            {
                return null;
            }

            int split = section.Block.Statements.IndexOf(section.Statement);
            List<StatementSyntax> kept = section.Block.Statements.Take(split).ToList();
            List<StatementSyntax> moved = section.Block.Statements.Skip(split).ToList();
            var declaredBefore = new HashSet<ISymbol>(
                kept.SelectMany(s => s.DescendantNodesAndSelf().OfType<VariableDeclaratorSyntax>())
                    .Select(v => model.GetDeclaredSymbol(v, cancellationToken)).OfType<ISymbol>(),
                SymbolEqualityComparer.Default);
            if (usingStatement.Declaration is { } declaration)
            {
                declaredBefore.UnionWith(declaration.Variables.Select(v => model.GetDeclaredSymbol(v, cancellationToken)).OfType<ISymbol>());
            }

            bool usesKept = moved.Any(s => s.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
                .Any(n => model.GetSymbolInfo(n, cancellationToken).Symbol is { } symbol && declaredBefore.Contains(symbol)));
            if (usesKept)
            {
                return null;
            }

            return editor =>
            {
                BlockSyntax body = section.Block.WithStatements(List(kept));
                editor.InsertAfter(usingStatement, moved.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation)));
                editor.ReplaceNode(usingStatement, usingStatement.WithStatement(body).WithAdditionalAnnotations(Formatter.Annotation));
            };
        }
    }
}
