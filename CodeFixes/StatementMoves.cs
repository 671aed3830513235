using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace FenceGuard.CodeFixes
{
    /// <summary>Moving a statement of a section to just before the section, when that is correct.</summary>
    internal static class StatementMoves
    {
        /// <summary>
        /// The statement that holds <paramref name="node"/> moved before its section: only a plain statement
        /// (an expression or a local declaration) written directly in the section's block (not inside a branch or
        /// loop), that reads no value made inside the section.
        /// </summary>
        public static (StatementSyntax Statement, SectionSyntax.Section Section)? MovableStatement(SyntaxNode node, SemanticModel model)
        {
            if (SectionSyntax.Around(node, model) is not { CanInsertBefore: true } section ||
                node.FirstAncestorOrSelf<StatementSyntax>() is not { } statement ||
                statement != section.Statement || statement == section.Opening)
            {
                return null;
            }

            bool plain = statement is ExpressionStatementSyntax ||
                         statement is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, IsConst: false };
            if (!plain || SectionSyntax.DependsOnLocalsOf(statement, section.Region, model))
            {
                return null;
            }

            return (statement, section);
        }

        public static void MoveBefore(DocumentEditor editor, StatementSyntax statement, StatementSyntax opening)
        {
            editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
            editor.InsertBefore(opening, statement.WithAdditionalAnnotations(Formatter.Annotation));
        }

        /// <summary>A local name not used in the member around <paramref name="at"/>: <paramref name="stem"/>, stem2, stem3…</summary>
        public static string FreshName(SyntaxNode at, string stem, SemanticModel model)
        {
            SyntaxNode scope = at.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? at;
            var taken = new System.Collections.Generic.HashSet<string>(
                scope.DescendantNodes().OfType<VariableDeclaratorSyntax>().Select(v => v.Identifier.ValueText)
                    .Concat(scope.DescendantNodes().OfType<ParameterSyntax>().Select(p => p.Identifier.ValueText))
                    .Concat(scope.DescendantNodes().OfType<SingleVariableDesignationSyntax>().Select(d => d.Identifier.ValueText)));
            string name = stem;
            for (int i = 2; taken.Contains(name) || model.LookupSymbols(at.SpanStart, name: name).Any() || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None; i++)
            {
                name = stem + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return name;
        }
    }
}
