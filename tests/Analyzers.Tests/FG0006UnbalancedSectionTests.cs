using Verify = FenceGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.SectionBalanceAnalyzer>;

namespace FenceGuard.Analyzers.Tests;

public class FG0006UnbalancedSectionTests
{
    private const string Usings = "using System; using FenceGuard;\n";

    [Fact]
    public async Task BalancedForms_AreNotReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                void UsingStatement(Fence f) { using (Fence.BeginSignalling()) { f.Signal(); } }
                void UsingStatementWithVariable(Fence f) { using (var s = Fence.BeginSignalling()) { f.Signal(); } }
                void UsingDeclaration(Fence f) { using var s = Fence.BeginSignalling(); f.Signal(); }
                void TryFinally(Fence f)
                {
                    var s = Fence.BeginSignalling();
                    try { f.Signal(); }
                    finally { Fence.EndSignalling(s); }
                }
                void TryFinallyDispose(Fence f)
                {
                    SignallingSection s = Fence.BeginSignalling();
                    try { f.Signal(); }
                    finally { s.Dispose(); }
                }
                void NothingBetween()
                {
                    var s = Fence.BeginSignalling();
                    Fence.EndSignalling(s);
                }
                void UsingTheLocal(Fence f)
                {
                    var s = Fence.BeginSignalling();
                    using (s) { f.Signal(); }
                }
                int Depth()
                {
                    var s = Fence.BeginSignalling();
                    try { return s.Depth; }
                    finally { Fence.EndSignalling(s); }
                }
            }
            """);
    }

    [Fact]
    public async Task ManualPairWithoutFinally_IsNotEndedOnEveryPath()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                void Straight(Fence f)
                {
                    var s = Fence.{|FG0006:BeginSignalling|}();
                    f.Signal();                 // may throw: the section stays open
                    Fence.EndSignalling(s);
                }

                void EarlyReturn(Fence f, bool done)
                {
                    var s = Fence.{|FG0006:BeginSignalling|}();
                    if (done) return;
                    s.Dispose();
                }
            }
            """);
    }

    [Fact]
    public async Task NeverEnded_AndDiscarded_AreReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                void Never(Fence f)
                {
                    var s = Fence.{|FG0006:BeginSignalling|}();
                    f.Signal();
                }

                void Discarded(Fence f)
                {
                    Fence.{|FG0006:BeginSignalling|}();
                    f.Signal();
                }
            }
            """);
    }

    [Fact]
    public async Task CopiesAndStores_AreReportedWhereTheyHappen()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                SignallingSection _kept;
                object? _boxed;

                void Stored() { _kept = Fence.{|FG0006:BeginSignalling|}(); }
                SignallingSection Returned() => Fence.{|FG0006:BeginSignalling|}();
                void Passed() => Keep(Fence.{|FG0006:BeginSignalling|}());
                void Keep(SignallingSection s) { }

                void Copied(Fence f)
                {
                    var s = Fence.BeginSignalling();
                    try
                    {
                        var copy = {|FG0006:s|};
                        _boxed = {|FG0006:s|};
                        Action later = () => Fence.EndSignalling({|FG0006:s|});
                    }
                    finally
                    {
                        Fence.EndSignalling(s);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task EndingASectionThatIsNotOpen_IsReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                SignallingSection _field;

                void Default() => Fence.{|FG0006:EndSignalling|}(default);
                void New() => Fence.{|FG0006:EndSignalling|}(new SignallingSection());
                void Parameter(SignallingSection s) => Fence.{|FG0006:EndSignalling|}(s);
                void Field() => _field.{|FG0006:Dispose|}();

                void Twice(Fence f)
                {
                    using var s = Fence.BeginSignalling();
                    f.Signal();
                    Fence.{|FG0006:EndSignalling|}(s);
                }
            }
            """);
    }

    [Fact]
    public async Task EndedInTheTryAndInTheFinally_IsEndedTwice()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                void M(Fence f)
                {
                    var s = Fence.BeginSignalling();
                    try
                    {
                        f.Signal();
                        Fence.{|FG0006:EndSignalling|}(s);
                    }
                    finally
                    {
                        Fence.EndSignalling(s);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task MessageNamesTheBeginAndWhy()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                void M(Fence f)
                {
                    var s = Fence.{|#0:BeginSignalling|}();
                    f.Signal();
                }
            }
            """,
            Verify.Diagnostic("FG0006").WithLocation(0).WithArguments(
                "'Fence.BeginSignalling()' at line 6 is never ended:",
                "end the section with a using declaration, or with EndSignalling in a finally block"));
    }
}
