using Verify = FenceGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.SignallingSectionAnalyzer>;

namespace FenceGuard.Analyzers.Tests;

/// <summary>Effects reached through calls: reported at the call site inside the section, naming the chain.</summary>
public class TransitiveTests
{
    private const string Usings = "using System; using System.Text; using System.Threading; using FenceGuard;\n";

    [Fact]
    public async Task AllocationThroughAChain_IsReportedAtTheCallSite_WithEveryHop()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Tracer
            {
                public void Trace(ulong seqno) => {|#2:Format|}(seqno);
                string Format(ulong seqno) => {|#3:new StringBuilder()|}.Append(seqno).ToString();
            }
            class C
            {
                Tracer _tracer = new();
                void Retire(ulong seqno) => _tracer.{|#1:Trace|}(seqno);

                void M(Fence f)
                {
                    using ({|#5:Fence.BeginSignalling()|})
                    {
                        {|#0:Retire|}(f.Seqno);
                    }
                }
            }
            """,
            Verify.Diagnostic("FG0001").WithLocation(0).WithLocation(5).WithLocation(1).WithLocation(2).WithLocation(3)
                .WithArguments("the call to 'Retire' (Retire → Trace → Format: 'new StringBuilder')", "the signalling section opened at line 14"));
    }

    [Fact]
    public async Task WaitsBlockingAndReclaimThroughCalls_AreReportedOncePerKind_MostSeriousFirst()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Pool { [MayReclaim] public object Rent() => null!; }
            class C
            {
                Fence _other = null!;
                Pool _pool = new();
                void Sync() => _other.Wait();
                void Nap() => Thread.Sleep(1);
                void Everything() { Sync(); Nap(); _pool.Rent(); _ = new object(); }
                void Clean(int x) { int y = x + 1; }

                [SignallingPath]
                void M()
                {
                    {|FG0003:Sync|}();
                    {|FG0004:Nap|}();
                    {|FG0001:{|FG0002:{|FG0003:{|FG0004:Everything|}|}|}|}();
                    Clean(1);
                }
            }
            """);
    }

    [Fact]
    public async Task RecursionAndMutualRecursion_ReachAFixpoint()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                int Ping(int n) => n == 0 ? 0 : Pong(n - 1);
                int Pong(int n) => n == 0 ? Leaf() : Ping(n - 1);
                int Leaf() { object o = new object(); return o.GetHashCode(); }
                int Self(int n) => n == 0 ? 0 : Self(n - 1);

                [SignallingPath]
                void M()
                {
                    {|FG0001:Ping|}(3);
                    Self(3);
                }
            }
            """);
    }

    [Fact]
    public async Task ConstructorsPropertiesAndOperators_AreCalls()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            struct Money
            {
                public int Cents;
                public static Money operator +(Money a, Money b) { _ = new object(); return a; }
            }
            class Ledger
            {
                public Ledger() { Thread.Sleep(1); }
                public string Name => string.Concat("a", "b");
            }
            class C
            {
                [SignallingPath]
                void M(Ledger l, Money a, Money b)
                {
                    _ = {|FG0001:{|FG0004:new Ledger()|}|};
                    _ = l.{|FG0001:Name|};
                    _ = {|FG0001:a + b|};
                }
            }
            """);
    }

    [Fact]
    public async Task LambdasInsideACallee_AreNotPartOfItsSummary()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                Fence _f = null!;
                Func<bool> Later() => static () => true;
                void Schedule(Action a) { }
                void Defer() { Schedule(static () => Thread.Sleep(1)); }

                [SignallingPath]
                void M()
                {
                    _ = Later();
                    Defer();
                }
            }
            """);
    }

    [Fact]
    public async Task CallbackMethodGroupOfAnotherType_IsReportedAtTheRegistration()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            static class Handlers
            {
                static Fence _other = null!;
                public static void OnDone(Fence f) => _other.Wait();
                public static void Quiet(Fence f) { }
            }
            class C
            {
                void Register(Fence f)
                {
                    f.AddCallback(Handlers.{|FG0003:OnDone|});
                    f.AddCallback(Handlers.Quiet);
                }
            }
            """);
    }

    [Fact]
    public async Task CallsOutsideSections_AreNotReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                Fence _other = null!;
                void Sync() => _other.Wait();
                void M()
                {
                    Sync();
                    using (Fence.BeginSignalling()) { }
                    Sync();
                }
            }
            """);
    }

    [Fact]
    public async Task DisposeFromUsing_AndALambdaInvokedInPlace_AreCalls()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            sealed class Scratch : IDisposable
            {
                public void Dispose() => Thread.Sleep(1);
            }
            struct Quiet : IDisposable { public void Dispose() { } }
            class C
            {
                Scratch _scratch = null!;
                Quiet _quiet;

                void M()
                {
                    using (Fence.BeginSignalling())
                    {
                        {|#0:using|} (_scratch) { }                         // Dispose sleeps
                        using (_quiet) { }                                  // Dispose does nothing
                        {|#1:((Action)(() => Thread.Sleep(1)))()|};         // the lambda runs here, in the section
                    }
                }
            }
            """,
            Verify.Diagnostic("FG0004").WithLocation(0).WithLocation(14, 16).WithLocation(4, 37)
                .WithArguments("the call to 'Dispose' (Dispose: 'Thread.Sleep')", "the signalling section opened at line 14"),
            Verify.Diagnostic("FG0004").WithLocation(1).WithLocation(14, 16).WithLocation(18, 36)
                .WithArguments("the call to 'the lambda at line 18' (the lambda at line 18: 'Thread.Sleep')", "the signalling section opened at line 14"));
    }
    [Fact]
    public async Task CallThroughAGenericInterface_ReachesOnlyImplementationsForItsTypeArguments()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            using System.Collections.Generic;
            interface ISink<T> { void Put(T item); }
            struct FrameInfo { public int Number; }
            class FrameSink : ISink<FrameInfo> { int _last; public void Put(FrameInfo frame) => _last = frame.Number; }
            class CounterSink : ISink<ulong> { readonly List<ulong> _all = new(); public void {|#2:Put|}(ulong value) => _all.{|#3:Add|}(value); }
            class C
            {
                [SignallingPath]
                void {|#1:M|}(ISink<FrameInfo> frames, ISink<ulong> counters, FrameInfo frame)
                {
                    frames.Put(frame);               // only FrameSink can run: it allocates nothing
                    counters.{|#0:Put|}(1);
                }
            }
            """,
            Verify.Diagnostic("FG0001").WithLocation(0).WithLocation(1).WithLocation(2).WithLocation(3)
                .WithArguments("the call to 'Put' (Put → CounterSink.Put: 'List.Add' (a known allocating member))", "the [SignallingPath] method 'M'"));
    }

    [Fact]
    public async Task OpenGenericImplementation_CanRunForAnyTypeArguments()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            using System.Collections.Generic;
            interface ISink<T> { void Put(T item); }
            struct FrameInfo { public int Number; }
            class Recorder<T> : ISink<T> { readonly List<T> _all = new(); public void Put(T item) => _all.Add(item); }
            class C
            {
                [SignallingPath]
                void M(ISink<FrameInfo> frames, FrameInfo frame)
                {
                    frames.{|FG0001:Put|}(frame);    // Recorder<FrameInfo> may be behind it
                }
            }
            """);
    }

    [Fact]
    public async Task GenericInterfaceWithTwoTypeArguments_MatchesBoth()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            using System.Collections.Generic;
            interface IMap<TKey, TValue> { void Set(TKey key, TValue value); }
            class NameIds : IMap<string, int> { int _last; public void Set(string key, int value) => _last = value; }
            class IdNames : IMap<int, string> { readonly Dictionary<int, string> _all = new(); public void Set(int key, string value) => _all.Add(key, value); }
            class C
            {
                [SignallingPath]
                void M(IMap<string, int> byName, IMap<int, string> byId)
                {
                    byName.Set("a", 1);              // only NameIds
                    byId.{|FG0001:Set|}(1, "a");
                }
            }
            """);
    }
    [Fact]
    public async Task StaticAbstractMemberThroughATypeParameter_ReachesEveryImplementationThatCanBeSubstituted()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            interface IMake { static abstract object Make(); }
            interface IQuiet { static abstract int Count(); }
            class Cheap : IMake, IQuiet { static readonly object Shared = new(); public static object Make() => Shared; public static int Count() => 1; }
            class Costly : IMake { public static object Make() => new StringBuilder(); }
            class C
            {
                [SignallingPath]
                static void M<TMake, TQuiet>() where TMake : IMake where TQuiet : IQuiet
                {
                    _ = TMake.{|FG0001:Make|}();   // Costly may be substituted
                    _ = TQuiet.Count();            // no implementation allocates
                }
            }
            """);
    }
    [Fact]
    public async Task DelegateInALocal_RunsWhereItIsInvoked()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                static Action _stored = null!;
                static void Nap() => Thread.Sleep(1);

                [SignallingPath]
                void M(bool flag)
                {
                    Action build = () => new StringBuilder().Append('x');
                    Action nap = Nap;
                    Action either = build;
                    either = nap;                       // given other locals: unknown, not guessed
                    {|FG0001:build|}();
                    {|FG0004:nap|}();
                    either();
                    Action stored = static () => new StringBuilder().Append('y');
                    _stored = stored;                   // stored, never run here
                }
            }
            """);
    }
    [Fact]
    public async Task DelegateInALocal_MessageNamesTheLambda()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                [SignallingPath]
                void {|#1:M|}()
                {
                    Action build = () => {|#2:new StringBuilder()|}.Append('x');
                    {|#0:build|}();
                }
            }
            """,
            Verify.Diagnostic("FG0001").WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("the call to 'the lambda at line 7' (the lambda at line 7: 'new StringBuilder')", "the [SignallingPath] method 'M'"));
    }
    [Fact]
    public async Task DelegatePassedToAHelperThatInvokesIt_RunsInTheCall()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                static Action _kept = null!;
                static void Run(Action action) => action();
                static void Keep(Action action) => _kept = action;
                static void Later(Action action) => _kept = () => action();   // invoked only when the lambda runs
                static void Nap() => Thread.Sleep(1);

                [SignallingPath]
                void M()
                {
                    {|FG0004:Run|}(() => Thread.Sleep(1));
                    {|FG0004:Run|}(Nap);
                    Keep(() => Thread.Sleep(1));    // stored, not run
                    {|FG0001:Later|}(Nap);             // allocates its closure, and does not run Nap
                }
            }
            """);
    }

    [Fact]
    public async Task DelegatePassedToAHelper_MessageNamesTheDelegate()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                static void Run(Action action) => action();
                static void Nap() => Thread.{|#2:Sleep|}(1);

                [SignallingPath]
                void {|#1:M|}()
                {
                    {|#0:Run|}(Nap);
                }
            }
            """,
            Verify.Diagnostic("FG0004").WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("the call to 'Run' (Run → its parameter 'action' (Nap): 'Thread.Sleep')", "the [SignallingPath] method 'M'"));
    }
}
