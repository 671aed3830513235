using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Operations
{
    /// <summary>
    /// Where a diagnostic about an operation points: the invoked name for calls (not the whole receiver chain), the
    /// keyword for loops, <c>using</c> and <c>yield</c>. Every layer that records where something happens uses it, so a
    /// fact, a witness and a report name the same span.
    /// </summary>
    internal static class Sites
    {
        /// <summary>The invoked name for calls (not the whole receiver chain); the keyword for awaits and loops.</summary>
        public static Location Of(IOperation operation) => operation switch
        {
            // An implicit params array is reported on the arguments that fill it, not on the whole call.
            IArrayCreationOperation { IsImplicit: true, Parent: IArgumentOperation { ArgumentKind: ArgumentKind.ParamArray }, Initializer.ElementValues: { Length: > 0 } values } =>
                Location.Create(operation.Syntax.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(values[0].Syntax.SpanStart, values[values.Length - 1].Syntax.Span.End)),
            _ => Of(operation.Syntax),
        };

        /// <summary>Where a diagnostic about a call, loop or statement points: its name or keyword, not the whole node.</summary>
        public static Location Of(SyntaxNode syntax) => syntax switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name.GetLocation(),
            InvocationExpressionSyntax { Expression: SimpleNameSyntax name } => name.GetLocation(),
            MemberAccessExpressionSyntax access => access.Name.GetLocation(),
            ForEachStatementSyntax loop => loop.ForEachKeyword.GetLocation(),
            UsingStatementSyntax usingStatement => usingStatement.UsingKeyword.GetLocation(),
            LocalDeclarationStatementSyntax declaration => declaration.UsingKeyword.GetLocation(),
            YieldStatementSyntax yield => yield.YieldKeyword.GetLocation(),
            _ => syntax.GetLocation(),
        };
    }
}
