using System.Composition;
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
    /// FG0001: allocate before the section. <c>new T(args)</c> or <c>new T[n]</c>, written in a statement of the
    /// section's own block (not in a branch, loop or lambda, so it is still made exactly once), whose arguments read
    /// nothing the section makes and call nothing (so evaluating them earlier changes nothing else), moves to a local
    /// declared just before the section.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HoistAllocationCodeFix)), Shared]
    public sealed class HoistAllocationCodeFix : FenceGuardCodeFix
    {
        public const string Key = "FG0001.HoistBeforeSection";

        public HoistAllocationCodeFix()
            : base(Descriptors.AllocationId, (Key, "Allocate before the signalling section"))
        {
        }

        private protected override Plan? PlanFor(string key, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (CreationAt(root, diagnostic) is not { } node ||
                SectionSyntax.Around(node, model) is not { CanInsertBefore: true } section ||
                node.FirstAncestorOrSelf<StatementSyntax>() != section.Statement ||
                !SectionSyntax.RunsOnceWith(node, section.Statement) ||
                SectionSyntax.HasSideEffects(node) ||
                SectionSyntax.DependsOnLocalsOf(node, section.Region, model) ||
                model.GetTypeInfo(node, cancellationToken).Type is not { } type)
            {
                return null;
            }

            string stem = type is IArrayTypeSymbol array ? Camel(array.ElementType.Name) + "s" : Camel(type.Name);
            string name = StatementMoves.FreshName(section.Opening, stem.Length == 0 ? "preallocated" : stem, model);
            ExpressionSyntax expression = node;
            return editor =>
            {
                LocalDeclarationStatementSyntax declaration = LocalDeclarationStatement(VariableDeclaration(
                        IdentifierName(Identifier(TriviaList(), SyntaxKind.VarKeyword, "var", "var", TriviaList())),
                        SingletonSeparatedList(VariableDeclarator(Identifier(name)).WithInitializer(EqualsValueClause(expression.WithoutTrivia())))))
                    .WithAdditionalAnnotations(Formatter.Annotation);
                editor.InsertBefore(section.Opening, declaration);
                editor.ReplaceNode(expression, IdentifierName(name).WithTriviaFrom(expression));
            };
        }

        private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);
    }
}
