using Microsoft.CodeAnalysis.Testing;
using Verify = FenceGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.SignallingSectionAnalyzer>;

namespace FenceGuard.Analyzers.Tests;

public class FG0001AllocationTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Linq; using System.Text; using System.Threading.Tasks; using FenceGuard;\n";

    [Fact]
    public async Task Creations_ReferenceTypesAllocate_StructsDoNot()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            struct Point { public int X; }
            record class R(int A);
            record struct RS(int A);
            class C
            {
                [SignallingPath]
                void M<TClass, TAny, TStruct>(R r, RS rs)
                    where TClass : class, new() where TAny : new() where TStruct : struct
                {
                    _ = {|FG0001:new object()|};
                    List<int> list = {|FG0001:new()|};
                    _ = {|FG0001:new StringBuilder()|};
                    _ = {|FG0001:new TClass()|};
                    _ = {|FG0001:new TAny()|};
                    _ = new TStruct();
                    _ = new Point();
                    Point p = new();
                    _ = new Point { X = 1 };
                    _ = {|FG0001:r with { A = 2 }|};
                    _ = rs with { A = 2 };
                    _ = {|FG0001:new { A = 1 }|};
                }
            }
            """);
    }

    [Fact]
    public async Task MayAllocateOnAnAccessor_AppliesToThatAccessorOnly()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Buffers
            {
                byte[] _last = new byte[1];
                public byte[] Next { [MayAllocate] get => _last; set => _last = value; }
            }
            class C
            {
                [SignallingPath]
                void M(Buffers buffers, byte[] mine)
                {
                    _ = buffers.{|FG0001:Next|};
                    buffers.Next = mine;   // the setter is not marked
                }
            }
            """);
    }

    [Fact]
    public async Task SignallingPathOnAnAccessor_MakesThatAccessorASection()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Gauge
            {
                int _value;
                public int Value
                {
                    [SignallingPath] get => {|FG0001:new List<int>(_value)|}.Capacity;
                    set => _value = new List<int>(value).Capacity;   // the setter is no section
                }
            }
            """);
    }

    [Fact]
    public async Task ExtensionMethodGroups_AllocateTheirDelegate()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            static class Ext { public static void Touch(this Holder h) { } }
            class Holder { }
            class C
            {
                static void Target() { }

                [SignallingPath]
                void M(Holder holder)
                {
                    Action bound = holder.{|FG0001:Touch|};   // a delegate bound to its receiver: 64 bytes
                    Action cached = Target;                     // a static method group: cached by the compiler
                    bound();
                    cached();
                }
            }
            """);
    }

    [Fact]
    public async Task StaticMethodGroupsInLambdasOfStaticInitialization_AreNotCached()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            static class Init
            {
                static void Target() { }
                static void Run(Action action) => action();
                static readonly Action<Fence> Arm = fence => fence.AddCallback(_ => Run({|FG0001:Target|}));
                static readonly Action<Fence> ArmToo;
                static Init() { ArmToo = fence => fence.AddCallback(_ => Run({|FG0001:Target|})); }
                static void Ordinary(Fence fence) => fence.AddCallback(_ => Run(Target));   // cached
            }
            """);
    }

    [Fact]
    public async Task LambdaCallingACapturingLocalFunction_CapturesWhatItCaptures()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                [SignallingPath]
                void {|#1:M|}(int n)
                {
                    int count = n;
                    void Bump() => count++;
                    static int Twice(int x) => 2 * x;
                    int Same(int x) => x;
                    Action bump = {|#0:() => Bump()|};
                    Func<int, int> twice = x => Twice(x);   // a static local function captures nothing
                    Func<int, int> same = x => Same(x);     // nor does one that uses only its parameters
                    bump();
                    _ = twice(1) + same(1);
                }
            }
            """,
            Verify.Diagnostic("FG0001").WithLocation(0).WithLocation(1)
                .WithArguments("a lambda capturing 'count' (through the local function 'Bump') (a closure and a delegate)", "the [SignallingPath] method 'M'"));
    }

    [Fact]
    public async Task CompoundAssignmentWithAUserDefinedOperator_IsACallToIt()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Money
            {
                public long Value;
                public static Money operator +(Money a, Money b) => new Money { Value = a.Value + b.Value };
            }
            class C
            {
                [SignallingPath]
                void M(Money total, Money one, long sum)
                {
                    {|FG0001:total += one|};
                    sum += 1;                 // a built-in operator calls nothing
                }
            }
            """);
    }

    [Fact]
    public async Task FormattingNumbersAndValues_Allocates_ButNotBytesOrBooleans()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                [SignallingPath]
                void M(ulong u, long l, int i, double d, char c, Guid g, DateTime t, byte b, bool flag, Span<char> buffer)
                {
                    _ = u.{|FG0001:ToString|}();
                    _ = l.{|FG0001:ToString|}();
                    _ = i.{|FG0001:ToString|}("X");
                    _ = d.{|FG0001:ToString|}();
                    _ = c.{|FG0001:ToString|}();
                    _ = g.{|FG0001:ToString|}();
                    _ = t.{|FG0001:ToString|}();
                    _ = Convert.{|FG0001:ToString|}(i);
                    _ = b.ToString();                 // every byte value is cached
                    _ = flag.ToString();              // "True" or "False"
                    _ = i.TryFormat(buffer, out _);   // into the caller's buffer
                }
            }
            """);
    }

    [Fact]
    public async Task CallsToAPartialMethodWithoutImplementation_AreRemoved_ArgumentsAndAll()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            partial class C
            {
                partial void Trace(string message);           // never implemented: calls to it are not compiled
                partial void Count(string message);
                partial void Count(string message) { _ = message.Length; }

                [SignallingPath]
                void M(ulong seqno)
                {
                    Trace($"retired {seqno}");                // 0 bytes: neither the call nor its argument is emitted
                    Count({|FG0001:$"retired {seqno}"|});
                }
            }
            """);
    }

    [Fact]
    public async Task CallbackKeptInALocalBeforeAddCallback_IsASection()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                readonly List<string> _log = new();

                void M(Fence fence)
                {
                    Action<Fence> onDone = f => _log.{|FG0001:Add|}("done");
                    fence.AddCallback(onDone);
                    Action<Fence> later = f => _log.Add("later");   // reassigned below: which one is registered is not known
                    later = f => _log.Add("other");
                    fence.AddCallback(later);
                    Action<Fence> unused = f => _log.Add("never");  // never registered: no section
                }
            }
            """);
    }

    [Fact]
    public async Task CallbackAssignedOnceToALocalBeforeAddCallback_IsASection()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                readonly List<string> _log = new();

                void M(Fence fence)
                {
                    Action<Fence> onDone;
                    onDone = f => _log.{|FG0001:Add|}("done");
                    fence.AddCallback(onDone);
                }
            }
            """);
    }

    [Fact]
    public async Task Arrays_AndCollectionExpressions_ButNotEmptyOrSpanOrStackalloc()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                [SignallingPath]
                unsafe void M()
                {
                    _ = {|FG0001:new int[4]|};
                    _ = {|FG0001:new[] { 1, 2 }|};
                    int[] initialized = {|FG0001:{ 1, 2 }|};
                    int[] fromCollection = {|FG0001:[1, 2]|};
                    List<int> listCollection = {|FG0001:[1]|};
                    int[] empty = [];
                    IEnumerable<int> emptySequence = [];
                    Span<int> span = [1, 2, 3];
                    ReadOnlySpan<int> readOnly = [1, 2, 3];
                    Span<int> stack = stackalloc int[4];
                    ReadOnlySpan<byte> utf8 = "fence"u8;
                }
            }
            """);
    }

    [Fact]
    public async Task Boxing_IsReported_ButNotReferenceConversions()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            enum E { A }
            interface IShape { int Area(); }
            struct Square : IShape { public int Area() => 1; }
            class C
            {
                [SignallingPath]
                void M(ulong n, int? maybe, E e, Square s, string text, object o)
                {
                    object boxed = {|FG0001:n|};
                    ValueType asValueType = {|FG0001:n|};
                    Enum asEnum = {|FG0001:e|};
                    IShape shape = {|FG0001:s|};
                    object fromNullable = {|FG0001:maybe|};
                    _ = ({|FG0001:(IShape)s|}).Area();
                    object notBoxed = text;
                    IComparable comparable = text;
                    long widened = (long)n;
                    _ = s.Area();
                }

                [SignallingPath]
                void Generic<T, TRef>(T value, TRef reference) where TRef : class
                {
                    object fromT = {|FG0001:value|};
                    object fromRef = reference;
                }
            }
            """);
    }

    [Fact]
    public async Task Lambdas_CapturingAllocate_StaticAndNonCapturingDoNot()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                int _field;
                static int Twice(int x) => 2 * x;
                int Instance(int x) => x + _field;

                [SignallingPath]
                void M(int parameter)
                {
                    int local = 1;
                    Func<int> capturesLocal = {|FG0001:() => local|};
                    Func<int> capturesParameter = {|FG0001:() => parameter|};
                    Func<int> capturesThis = {|FG0001:() => _field|};
                    Func<int, int> pure = x => x + 1;
                    Func<int, int> pureStatic = static x => x + 1;
                    Func<int, int> staticGroup = Twice;
                    Func<int, int> instanceGroup = {|FG0001:Instance|};
                    Func<int, int> explicitCreation = {|FG0001:new Func<int, int>(Twice)|};
                    System.Linq.Expressions.Expression<Func<int>> tree = {|FG0001:() => 1|};
                    Func<int, int> insideOwnScope = x => { int y = x; return y; };
                }
            }
            """);
    }

    [Fact]
    public async Task Strings_ConcatenationAndInterpolationAllocate_ConstantsDoNot()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                const string Prefix = "fence-";
                const string Name = Prefix + "ring";

                [SignallingPath]
                void M(string name, int n)
                {
                    _ = {|FG0001:"fence " + name|};
                    _ = {|FG0001:"a" + name + "b" + name|};
                    string s = "x";
                    {|FG0001:s += name|};
                    _ = {|FG0001:$"fence {name}"|};
                    _ = Prefix + "ring";
                    const string constant = $"{Prefix}ring";
                    _ = Name;
                }
            }
            """);
    }

    [Fact]
    public async Task ParamsArrays_AllocateUnlessEmpty()
    {
        var test = new Verify.Test();
        // params collections (C# 13) are a preview feature for the Roslyn 4.11 compiler the analyzers target.
        test.SolutionTransforms.Add((solution, projectId) =>
            solution.WithProjectParseOptions(projectId, new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Preview)));
        test.TestCode = Usings + """
            class C
            {
                static void Log(params object[] values) { }
                static void Ints(params int[] values) { }
                static void Spans(params ReadOnlySpan<int> values) { }

                [SignallingPath]
                void M(object o)
                {
                    Log({|FG0001:o, o|});
                    Ints({|FG0001:1, 2|});
                    Ints();
                    Log();
                    Spans(1, 2, 3);
                }
            }
            """;
        await test.RunAsync();
    }

    [Fact]
    public async Task StateMachinesLinqForeachAndEvents()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                event Action? Done;
                static void Tick() { }
                IEnumerable<int> Numbers() { yield return 1; }
                async Task Later() => await Task.Yield();
                void Plain() { }

                [SignallingPath]
                void M(int[] array, List<int> list, IEnumerable<int> sequence, IList<int> ilist, string text, Span<int> span)
                {
                    _ = {|FG0001:Numbers|}();
                    _ = {|FG0001:Later|}();
                    Plain();
                    _ = sequence.{|FG0001:Where|}(x => x > 0);
                    _ = array.{|FG0001:Sum|}();
                    {|FG0001:foreach|} (int x in sequence) { }
                    {|FG0001:foreach|} (int x in ilist) { }
                    foreach (int x in array) { }
                    foreach (int x in list) { }
                    foreach (char c in text) { }
                    {|FG0001:Done += Tick|};
                    Done -= Tick;
                    Done -= {|FG0001:Plain|}; // an instance method group is a new delegate
                }
            }
            """);
    }

    [Fact]
    public async Task KnownAllocatingMembers_AndMayAllocate()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Pool { [MayAllocate] public object Grow() => new object(); public object Peek() => null!; }
            class C
            {
                [SignallingPath]
                void M(FenceTimeline timeline, Fence f, ReservationObject r, List<int> list, string s, Pool pool, StringBuilder sb)
                {
                    _ = timeline.{|FG0001:CreateFence|}();
                    _ = Fence.{|FG0001:All|}({|FG0001:f, f|});
                    _ = FenceChain.{|FG0001:Link|}(null, f, 1);
                    r.{|FG0001:ReserveSlots|}(1);
                    _ = f.{|FG0001:AddCallback|}(static _ => { });
                    list.{|FG0001:Add|}(1);
                    _ = string.{|FG0001:Join|}(",", {|FG0001:s, s|});
                    _ = s.{|FG0001:Substring|}(1);
                    _ = sb.{|FG0001:ToString|}();
                    _ = pool.{|FG0001:Grow|}();
                    _ = pool.Peek();
                    _ = list.Count;
                    _ = s.Length;
                    f.Signal();
                    list.Clear();
                }
            }
            """);
    }

    [Fact]
    public async Task UserAllocatingMembers_FromEditorconfigAndAdditionalFile()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class Cache { public object Rent() => null!; public object Peek() => null!; }
                class Ring { public void Push(int x) { } }
                class C
                {
                    [SignallingPath]
                    void M(Cache c, Ring r)
                    {
                        _ = c.{|FG0001:Rent|}();
                        _ = c.Peek();
                        r.{|FG0001:Push|}(1);
                    }
                }
                """,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\nfenceguard.allocating_members = Cache.Rent\n"));
        test.TestState.AdditionalFiles.Add(("FenceGuard.AllocatingMembers.txt", "# our ring buffer grows\nRing.Push\n"));
        await test.RunAsync();
    }

    [Fact]
    public async Task PerDirectoryAllocatingMembers_ApplyWhereTheCallIsWritten_AlsoThroughCalls()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("/src/a/Helper.cs", Usings + """
            public class Cache { public object Rent() => null!; }
            public static class Helper { public static object Use(Cache c) => c.Rent(); }
            """));
        test.TestState.Sources.Add(("/src/b/Section.cs", Usings + """
            class C
            {
                [SignallingPath]
                void M(Cache c)
                {
                    _ = Helper.{|FG0001:Use|}(c);   // Rent is allocating where Helper is written (src/a)
                    _ = c.Rent();                    // but not configured for src/b
                }
            }
            """));
        test.TestState.AnalyzerConfigFiles.Add(("/src/a/.editorconfig", "[*.cs]\nfenceguard.allocating_members = Cache.Rent\n"));
        await test.RunAsync();
    }

    [Fact]
    public async Task AllocationsOutsideSections_AndTheAttributeItself_AreNotReported()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                [SignallingPath]
                [Obsolete("message " + "constant")]
                void Empty() { }

                void M(ulong n, string s)
                {
                    object boxed = n;
                    _ = new object();
                    _ = $"x {s}";
                    using (Fence.BeginSignalling())
                    {
                    }

                    _ = new int[3];
                }
            }
            """);
    }

    [Fact]
    public async Task Message_NamesTheAllocationAndTheSection()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                void M(ulong seqno)
                {
                    using ({|#1:Fence.BeginSignalling()|})
                    {
                        object boxed = {|#0:seqno|};
                    }
                }
            }
            """,
            Verify.Diagnostic("FG0001").WithLocation(0).WithLocation(1)
                .WithArguments("boxing 'ulong' to 'object'", "the signalling section opened at line 6"));
    }
}
