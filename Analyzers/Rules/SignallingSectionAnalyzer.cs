using System.Collections.Immutable;
using FenceGuard.Analyzers.Effects;
using FenceGuard.Analyzers.Sections;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FenceGuard.Analyzers.Rules
{
    /// <summary>
    /// FG0003, FG0004, FG0007: what a signalling section does directly. Asks <see cref="SectionWalker"/> where the
    /// sections are and <see cref="EffectClassifier"/> what each operation does; walks nothing itself. Reported per
    /// operation block, so the diagnostics appear in the IDE as the user types.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SignallingSectionAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Descriptors.FenceWaitInSection,
            Descriptors.BlockingCallInSection,
            Descriptors.AwaitInSection);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                KnownSymbols? symbols = KnownSymbols.TryCreate(start.Compilation);
                if (symbols is null)
                {
                    return; // FenceGuard is not referenced: nothing to do in this compilation.
                }

                var effects = new EffectClassifier(symbols);
                start.RegisterOperationBlockAction(block => AnalyzeBlock(block, symbols, effects));
            });
        }

        private static void AnalyzeBlock(OperationBlockAnalysisContext context, KnownSymbols symbols, EffectClassifier effects)
        {
            SectionInfo? memberSection = null;
            if (context.OwningSymbol is IMethodSymbol method && symbols.HasSignallingPath(method))
            {
                memberSection = SectionInfo.ForSignallingPath(method, method.Locations.IsEmpty ? Location.None : method.Locations[0]);
            }

            var walker = new SectionWalker(symbols, context.CancellationToken);
            foreach (IOperation root in context.OperationBlocks)
            {
                walker.Walk(root, memberSection, (operation, section) =>
                {
                    if (effects.Classify(operation) is not { } effect)
                    {
                        return;
                    }

                    DiagnosticDescriptor descriptor = effect.Kind switch
                    {
                        EffectKind.FenceWait => Descriptors.FenceWaitInSection,
                        EffectKind.Blocking => Descriptors.BlockingCallInSection,
                        _ => Descriptors.AwaitInSection,
                    };
                    context.ReportDiagnostic(Diagnostic.Create(descriptor, ReportLocation(operation),
                        ImmutableArray.Create(section.Opening), effect.Construct, section.Description));
                });
            }
        }

        /// <summary>The invoked name for calls (not the whole receiver chain); the keyword for awaits and loops.</summary>
        private static Location ReportLocation(IOperation operation) => operation.Syntax switch
        {
            Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access } => access.Name.GetLocation(),
            Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access => access.Name.GetLocation(),
            Microsoft.CodeAnalysis.CSharp.Syntax.ForEachStatementSyntax loop => loop.ForEachKeyword.GetLocation(),
            Microsoft.CodeAnalysis.CSharp.Syntax.UsingStatementSyntax usingStatement => usingStatement.UsingKeyword.GetLocation(),
            Microsoft.CodeAnalysis.CSharp.Syntax.LocalDeclarationStatementSyntax declaration => declaration.UsingKeyword.GetLocation(),
            Microsoft.CodeAnalysis.CSharp.Syntax.YieldStatementSyntax yield => yield.YieldKeyword.GetLocation(),
            _ => operation.Syntax.GetLocation(),
        };
    }
}
