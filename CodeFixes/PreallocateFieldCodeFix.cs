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
    /// FG0001, when the allocation cannot move before the section (it is in a loop or a branch, say): preallocate it
    /// once into a <c>readonly</c> field of the type, and use the field. The title says what changes: every run then
    /// uses the same instance. Offered only for <c>new T(...)</c> / <c>new T[n]</c> whose arguments are constants
    /// (so the field initializer computes the same value), in a member that is not a lambda or local function.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PreallocateFieldCodeFix)), Shared]
    public sealed class PreallocateFieldCodeFix : FenceGuardCodeFix
    {
        public const string Key = "FG0001.PreallocateField";

        public PreallocateFieldCodeFix()
            : base(Descriptors.AllocationId, (Key, "Preallocate once into a readonly field (every run then shares the instance)"))
        {
        }

        private protected override Plan? PlanFor(string key, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (CreationAt(root, diagnostic) is not { } node ||
                node.Ancestors().Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax) ||
                node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not (ClassDeclarationSyntax or StructDeclarationSyntax or RecordDeclarationSyntax) ||
                !OnlyConstants(node, model, cancellationToken) ||
                model.GetTypeInfo(node, cancellationToken).Type is not { } type ||
                model.GetEnclosingSymbol(node.SpanStart, cancellationToken) is not IMethodSymbol member)
            {
                return null;
            }

            // When the allocation can simply move before the section, that fix is the one to offer.
            if (SectionSyntax.Around(node, model) is { CanInsertBefore: true } section && node.FirstAncestorOrSelf<StatementSyntax>() == section.Statement &&
                SectionSyntax.RunsOnceWith(node, section.Statement))
            {
                return null;
            }

            var owner = node.FirstAncestorOrSelf<TypeDeclarationSyntax>()!;
            string stem = "_" + (type is IArrayTypeSymbol array ? Camel(array.ElementType.Name) + "s" : Camel(type.Name));
            string name = stem;
            INamedTypeSymbol? containing = member.ContainingType;
            for (int i = 2; containing is not null && containing.GetMembers(name).Length > 0; i++)
            {
                name = stem + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            bool isStatic = member.IsStatic;
            ExpressionSyntax expression = node;
            TypeSyntax fieldType = ParseTypeName(type.ToMinimalDisplayString(model, node.SpanStart));
            return editor =>
            {
                SyntaxTokenList modifiers = isStatic
                    ? TokenList(Token(SyntaxKind.PrivateKeyword), Token(SyntaxKind.StaticKeyword), Token(SyntaxKind.ReadOnlyKeyword))
                    : TokenList(Token(SyntaxKind.PrivateKeyword), Token(SyntaxKind.ReadOnlyKeyword));
                FieldDeclarationSyntax field = FieldDeclaration(VariableDeclaration(fieldType,
                        SingletonSeparatedList(VariableDeclarator(Identifier(name)).WithInitializer(EqualsValueClause(expression.WithoutTrivia())))))
                    .WithModifiers(modifiers)
                    .WithAdditionalAnnotations(Formatter.Annotation);
                editor.InsertBefore(owner.Members.First(), field);
                editor.ReplaceNode(expression, IdentifierName(name).WithTriviaFrom(expression));
            };
        }

        /// <summary>Whether every argument and initializer value is a compile-time constant (or <c>typeof</c>, <c>default</c>).</summary>
        private static bool OnlyConstants(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        {
            System.Collections.Generic.IEnumerable<ExpressionSyntax> values = node switch
            {
                ObjectCreationExpressionSyntax creation => (creation.ArgumentList?.Arguments.Select(a => a.Expression) ?? Enumerable.Empty<ExpressionSyntax>())
                    .Concat(creation.Initializer is null ? Enumerable.Empty<ExpressionSyntax>() : new ExpressionSyntax[] { creation.Initializer }),
                ArrayCreationExpressionSyntax array => array.Type.RankSpecifiers.SelectMany(r => r.Sizes)
                    .Concat(array.Initializer?.Expressions ?? Enumerable.Empty<ExpressionSyntax>()),
                _ => Enumerable.Empty<ExpressionSyntax>(),
            };
            foreach (ExpressionSyntax value in values)
            {
                if (value is OmittedArraySizeExpressionSyntax or TypeOfExpressionSyntax or DefaultExpressionSyntax)
                {
                    continue;
                }

                if (value is InitializerExpressionSyntax || !model.GetConstantValue(value, cancellationToken).HasValue)
                {
                    return false;
                }
            }

            return true;
        }

        private static string Camel(string name) => name.Length == 0 ? "preallocated" : char.ToLowerInvariant(name[0]) + name.Substring(1);
    }
}
