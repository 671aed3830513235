using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace FenceGuard.CodeFixes
{
    /// <summary>
    /// The shape every FenceGuard fix shares. A fix offers an action only where its plan applies (the plan checks
    /// that the change is correct). One fix and Fix All (document, project, solution) go through the same plans
    /// applied to one <see cref="DocumentEditor"/> per document, so fixes in one document never conflict.
    /// </summary>
    public abstract class FenceGuardCodeFix : CodeFixProvider
    {
        /// <summary>An applicable change for one diagnostic.</summary>
        private protected delegate void Plan(DocumentEditor editor);

        /// <param name="diagnosticIds">The diagnostics the fixer repairs (space-separated).</param>
        /// <param name="actions">The actions it may offer: equivalence key and title.</param>
        private protected FenceGuardCodeFix(string diagnosticIds, params (string Key, string Title)[] actions)
        {
            FixableDiagnosticIds = ImmutableArray.Create(diagnosticIds.Split(' '));
            Actions = ImmutableArray.Create(actions);
        }

        public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

        /// <summary>The actions this fixer may offer: equivalence key and title.</summary>
        private protected ImmutableArray<(string Key, string Title)> Actions { get; }

        /// <summary>The change <paramref name="key"/> makes for <paramref name="diagnostic"/>, or null when it would not be correct here.</summary>
        private protected abstract Plan? PlanFor(string key, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken);

        /// <summary>The innermost node at the diagnostic's location.</summary>
        private protected static SyntaxNode NodeAt(SyntaxNode root, Diagnostic diagnostic) =>
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);

        /// <summary>The <c>new T(...)</c> or <c>new T[n]</c> an FG0001 diagnostic points at exactly, or null (other allocation kinds have no fix).</summary>
        private protected static Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax? CreationAt(SyntaxNode root, Diagnostic diagnostic) =>
            NodeAt(root, diagnostic) is Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax node &&
            node is Microsoft.CodeAnalysis.CSharp.Syntax.ObjectCreationExpressionSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.ArrayCreationExpressionSyntax &&
            node.Span == diagnostic.Location.SourceSpan
                ? node
                : null;

        public sealed override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(async (context, document, diagnostics) =>
        {
            if (context.CodeActionEquivalenceKey is not { } key || diagnostics.IsEmpty)
            {
                return document;
            }

            return await ApplyAsync(document, diagnostics, key, context.CancellationToken).ConfigureAwait(false);
        });

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                foreach ((string key, string title) in Actions)
                {
                    if (PlanFor(key, root, model, diagnostic, context.CancellationToken) is not null)
                    {
                        Document document = context.Document;
                        context.RegisterCodeFix(
                            CodeAction.Create(title, ct => ApplyAsync(document, ImmutableArray.Create(diagnostic), key, ct), key),
                            diagnostic);
                    }
                }
            }
        }

        private async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken)
        {
            DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                if (PlanFor(key, editor.OriginalRoot, editor.SemanticModel, diagnostic, cancellationToken) is { } plan)
                {
                    try
                    {
                        plan(editor);
                    }
                    catch (System.InvalidOperationException)
                    {
                        // Fix All: an earlier fix in this document already rewrote this code (two awaits in one section,
                        // say); the diagnostic that remains is fixed on the next run.
                    }
                }
            }

            return editor.GetChangedDocument();
        }
    }
}
