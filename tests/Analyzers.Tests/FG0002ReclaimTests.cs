using Verify = FenceGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.SignallingSectionAnalyzer>;

namespace FenceGuard.Analyzers.Tests;

public class FG0002ReclaimTests
{
    private const string Usings = "using System; using FenceGuard;\n";

    private const string Pool = """
        interface IPool { [MayReclaim] object Rent(); object Peek(); }
        class Pool : IPool
        {
            public object Rent() => new object();          // implements a [MayReclaim] interface member
            public object Peek() => new object();
            [MayReclaim] public virtual object Shrink() => new object();
            [MayReclaim] public object Heavy { get => new object(); }
            [MayReclaim] public Pool() { }
            public Pool(int size) { }
        }
        class BigPool : Pool
        {
            public override object Shrink() => new object(); // overrides a [MayReclaim] member
        }
        class ExplicitPool : IPool
        {
            object IPool.Rent() => new object();
            object IPool.Peek() => new object();
        }
        """;

    [Fact]
    public async Task MayReclaimMembers_CalledInsideASection_AreReported_ThroughInterfacesAndOverrides()
    {
        await Verify.VerifyAnalyzerAsync(Usings + Pool + """
            class C
            {
                [SignallingPath]
                void M(IPool i, Pool p, BigPool b, ExplicitPool e)
                {
                    i.{|FG0002:Rent|}();
                    p.{|FG0002:Rent|}();
                    p.{|FG0002:Shrink|}();
                    b.{|FG0002:Shrink|}();
                    ((IPool)e).{|FG0002:Rent|}();
                    _ = p.{|FG0002:Heavy|};
                    _ = {|FG0002:new Pool()|};
                    Fence.{|FG0002:MightReclaim|}();
                }
            }
            """);
    }

    [Fact]
    public async Task MayReclaimOnAnAccessor_AppliesToThatAccessorOnly()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Cache
            {
                object _items = new object();
                public object Items { [MayReclaim] get => _items; set => _items = value; }
                public object this[int i] { get => _items; [MayReclaim] set => _items = value; }
            }
            class C
            {
                [SignallingPath]
                void {|#2:M|}(Cache cache, object o)
                {
                    _ = cache.{|#0:Items|};
                    cache.Items = o;          // the setter is not marked
                    _ = cache[0];             // nor the indexer's getter
                    {|#1:cache[1]|} = o;
                }
            }
            """,
            Verify.Diagnostic("FG0002").WithLocation(0).WithLocation(2).WithArguments("'Cache.Items'", "the [SignallingPath] method 'M'"),
            Verify.Diagnostic("FG0002").WithLocation(1).WithLocation(2).WithArguments("'Cache.this[]'", "the [SignallingPath] method 'M'"));
    }

    [Fact]
    public async Task UnmarkedMembers_AndCallsOutsideSections_AreNotReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + Pool + """
            class C
            {
                void M(IPool i, Pool p, Fence f)
                {
                    i.Rent();
                    p.Shrink();
                    Fence.MightReclaim();
                    using (Fence.BeginSignalling())
                    {
                        i.{|FG0001:Peek|}();      // an interface call: dispatched to Pool.Peek, which allocates
                        p.{|FG0001:Peek|}();      // Pool.Peek's body allocates: reported through the call
                        _ = {|FG0001:new Pool(4)|};
                        f.Signal();
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task ReclaimInACallback_NamesTheCallback()
    {
        await Verify.VerifyAnalyzerAsync(Usings + Pool + """
            class C
            {
                void M(Fence f, Pool p)
                {
                    f.AddCallback({|#1:_ => p.{|#0:Shrink|}()|});
                }
            }
            """,
            Verify.Diagnostic("FG0002").WithLocation(0).WithLocation(1)
                .WithArguments("'Pool.Shrink'", "the fence callback at line 24 (callbacks run in the signaller's context)"));
    }
}
