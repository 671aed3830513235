using Verify = FenceGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.SignallingSectionAnalyzer>;

namespace FenceGuard.Analyzers.Tests;

/// <summary>
/// Delegates held in fields, properties and events, and passed down through helpers: whatever the compilation stores
/// there runs where the delegate is invoked, flow-insensitively (DelegateTargets), and the message names the hop.
/// </summary>
public class DelegateHolderTests
{
    private const string Usings = "using System; using System.Text; using System.Threading; using FenceGuard;\n";

    [Fact]
    public async Task DelegateInAReadonlyField_RunsWhereItIsInvoked()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Policy
            {
                readonly Action _onRetire;
                readonly Action _quiet = static () => { };
                readonly Func<int, string> _format = i => new StringBuilder().Append(i).ToString();
                Action _stored = null!;

                public Policy() => _onRetire = () => Thread.Sleep(1);

                [SignallingPath]
                void Retire(int i)
                {
                    {|FG0004:_onRetire|}();
                    _onRetire?{|FG0004:.Invoke()|};
                    _ = {|FG0001:_format|}(i);
                    _quiet();                                          // stored, and does nothing
                    _stored = static () => Thread.Sleep(1);            // stored here, never invoked
                }
            }
            """);
    }

    [Fact]
    public async Task DelegateFieldGivenAConstructorParameter_RunsWhatCallersPass()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("/src/Policy.cs", Usings + """
            public sealed class Policy
            {
                private readonly Action _onRetire;
                public Policy(Action onRetire) { _onRetire = onRetire; }

                [SignallingPath]
                public void Retire() => {|FG0004:_onRetire|}();
            }
            """));
        test.TestState.Sources.Add(("/src/Engine.cs", Usings + """
            static class Engine
            {
                static void Nap() => Thread.Sleep(1);
                public static Policy Make() => new Policy(Nap);   // in another file
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task DelegateFieldNeverGivenAnythingThatBlocks_IsQuiet()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Policy
            {
                readonly Action _onRetire;
                public Action? Hook { get; set; }
                public Policy(Action onRetire) { _onRetire = onRetire; }
                static Policy Make() => new Policy(static () => { });

                [SignallingPath]
                void Retire()
                {
                    _onRetire();
                    Hook?.Invoke();                  // never assigned in this compilation: unknown
                }
            }
            """);
    }

    [Fact]
    public async Task DelegateField_MessageNamesTheFieldAndTheLambda()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Policy
            {
                readonly Action _onRetire = () => Thread.{|#2:Sleep|}(1);

                void Retire() => {|#3:_onRetire|}();

                void M()
                {
                    using ({|#1:Fence.BeginSignalling()|})
                    {
                        {|#0:Retire|}();
                    }
                }
            }
            """,
            Verify.Diagnostic("FG0004").WithLocation(0).WithLocation(1).WithLocation(3).WithLocation(2)
                .WithArguments("the call to 'Retire' (Retire → _onRetire (the lambda at Test0.cs line 4): 'Thread.Sleep')", "the signalling section opened at line 10"));
    }

    [Fact]
    public async Task EventRaisedInASection_RunsEveryHandlerSubscribed_InOtherFilesToo()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("/src/Ring.cs", Usings + """
            public class Ring
            {
                public event Action<int>? Retired;
                public event Action? Idle;
                public event EventHandler? Unused;

                [SignallingPath]
                public void Retire(int seqno)
                {
                    Retired?{|FG0001:.Invoke(seqno)|};
                    Idle?{|FG0004:.Invoke()|};
                    Unused?.Invoke(this, EventArgs.Empty);   // nobody subscribes
                }
            }
            """));
        test.TestState.Sources.Add(("/src/Log.cs", Usings + """
            static class Log
            {
                static void Nap() => Thread.Sleep(1);
                public static void Attach(Ring ring)
                {
                    ring.Retired += seqno => new StringBuilder().Append(seqno);
                    ring.Idle += Nap;
                }
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task EventHandler_OnlyRemoved_IsNotSubscribed()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Ring
            {
                public event Action? Idle;
                static void Nap() => Thread.Sleep(1);
                void Detach() => Idle -= Nap;

                [SignallingPath]
                void Retire() => Idle?.Invoke();
            }
            """);
    }

    [Fact]
    public async Task EventRaised_MessageNamesTheEventAndTheHandler()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Ring
            {
                public event Action? Idle;
                static void Nap() => Thread.{|#2:Sleep|}(1);
                void Attach() => Idle += Nap;

                [SignallingPath]
                void {|#1:Retire|}() => {|#0:Idle|}();
            }
            """,
            Verify.Diagnostic("FG0004").WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("the call to 'Idle' (Idle (Nap): 'Thread.Sleep')", "the [SignallingPath] method 'Retire'"));
    }

    [Fact]
    public async Task DelegateForwardedThroughHelpers_RunsWhereTheLastOneInvokesIt()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                static void Outer(Action action) => Middle(action);
                static void Middle(Action action) => Inner(0, action);
                static void Inner(int depth, Action last) { if (depth > 3) last(); else Inner(depth + 1, last); }
                static void Store(Action action) => Keep(action);
                static void Keep(Action action) { }
                static void Nap() => Thread.Sleep(1);

                [SignallingPath]
                void M()
                {
                    {|FG0004:Outer|}(Nap);
                    Store(Nap);                  // passed down, never invoked
                }
            }
            """);
    }

    [Fact]
    public async Task DelegateForwarded_MessageNamesEachHelperAndTheParameter()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                static void Outer(Action action) => Inner(action);
                static void Inner(Action last) => last();
                static void Nap() => Thread.{|#2:Sleep|}(1);

                [SignallingPath]
                void {|#1:M|}() => {|#0:Outer|}(Nap);
            }
            """,
            Verify.Diagnostic("FG0004").WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("the call to 'Outer' (Outer → its parameter 'action' (Nap): 'Thread.Sleep')", "the [SignallingPath] method 'M'"));
    }

    [Fact]
    public async Task DelegateFieldInvokedInACallee_ReachesTheSectionThroughTheCall()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Pool
            {
                public static Func<object> Factory = () => new object();
            }
            class C
            {
                static object Make() => Pool.Factory();

                [SignallingPath]
                void M() => _ = {|FG0001:Make|}();
            }
            """);
    }

    [Fact]
    public async Task CallbackKeptInAField_RunsAsASection_ReportedWhereItIsRegistered()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Stage
            {
                static Fence _other = null!;
                readonly Action<Fence> _onDone = f => _other.Wait();
                readonly Action<Fence> _quiet = static f => { };
                Action<Fence> _never = null!;

                void Arm(Fence f)
                {
                    f.AddCallback({|FG0003:_onDone|});
                    f.AddCallback(_quiet);
                    f.AddCallback(_never);          // nothing stored in this compilation
                }
            }
            """);
    }

    [Fact]
    public async Task CallbackKeptInAField_MessageNamesTheFieldAndTheLambda()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Stage
            {
                readonly Action<Fence> _onDone = f => Thread.{|#1:Sleep|}(1);

                void Arm(Fence f) => f.AddCallback({|#0:_onDone|});
            }
            """,
            Verify.Diagnostic("FG0004").WithLocation(0).WithLocation(0).WithLocation(1)
                .WithArguments("the call to '_onDone' (_onDone (the lambda at Test0.cs line 4): 'Thread.Sleep')", "the fence callback at line 6 (callbacks run in the signaller's context)"));
    }

    [Fact]
    public async Task PropertyWhoseSetterStoresIntoAField_PassesWhatIsAssignedToTheProperty()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Policy
            {
                Action _onRetire = static () => { };
                public Action OnRetire { get => _onRetire; set => _onRetire = value; }

                static void Configure(Policy policy) => policy.OnRetire = () => Thread.Sleep(1);

                [SignallingPath]
                void Retire() => {|FG0004:_onRetire|}();
            }
            """);
    }

    [Fact]
    public async Task ParameterInvokedThroughConditionalAccessOrALocal_RunsInTheCall()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                static void Maybe(Action? action) => action?.Invoke();
                static void Aliased(Action action) { Action run = action; run(); }
                static void Nap() => Thread.Sleep(1);

                [SignallingPath]
                void M()
                {
                    {|FG0004:Maybe|}(Nap);
                    {|FG0004:Aliased|}(Nap);
                }
            }
            """);
    }
}
