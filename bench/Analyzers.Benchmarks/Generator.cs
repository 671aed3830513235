using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.Text;

namespace FenceGuard.Analyzers.Benchmarks;

/// <summary>
/// Generates a synthetic but realistic C# codebase that uses the fence runtime: one engine class per file, each
/// with a timeline, fences, a reservation object and a lock, signalling sections and callbacks, call chains 1–20
/// deep across files, ordinary business code around them, and a few deliberate violations and cycles. The
/// fence-free variant is the same code over look-alike types of its own (namespace Gen.Primitives), so it does not
/// reference FenceGuard at all. Deterministic: the same size gives the same code.
/// </summary>
internal static class Generator
{
    public static List<(string Path, string Text)> Generate(int targetLines, bool fenceFree)
    {
        // Engines are about 120 lines each; the count is fixed first so that every engine knows whether it has a next one.
        int perEngine = Engine(0, 2, fenceFree).Count(c => c == '\n') + 1;
        int engines = Math.Max(2, (targetLines + perEngine - 1) / perEngine);
        var files = new List<(string, string)>();
        if (fenceFree)
        {
            files.Add(("Gen/Primitives.cs", Primitives));
        }

        for (int i = 0; i < engines; i++)
        {
            files.Add(($"Gen/M{i / 100:D3}/Engine{i:D5}.cs", Engine(i, engines, fenceFree)));
        }

        return files;
    }

    private static string Engine(int i, int engines, bool fenceFree)
    {
        int chain = i % 20;                                   // position in a chain of 20 engines
        bool hasNext = chain < 19 && i + 1 < engines;         // chains go forward only: depths 1..20
        string next = $"Engine{i + 1:D5}";
        bool violationAlloc = i % 50 == 7;                    // FG0001
        bool violationWait = i % 100 == 13;                   // FG0003
        bool cycle = i % 200 == 21 && i + 1 < engines;        // FG0020 with the next engine
        bool cyclePartner = i % 200 == 22;
        var s = new StringBuilder(8 * 1024);
        string ns = fenceFree ? "Gen.Primitives" : "FenceGuard";
        s.Append(CultureInfo.InvariantCulture, $$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Text;
            using System.Threading;
            using System.Threading.Tasks;
            using {{ns}};

            namespace Gen.M{{i / 100:D3}};

            /// <summary>Engine {{i}}: submits work, retires it from its completion path, and reports.</summary>
            public sealed class Engine{{i:D5}}
            {
                public static Fence Shared = null!;
                private readonly FenceTimeline _timeline = new FenceTimeline("engine-{{i}}");
                private readonly ReservationObject _resv = new ReservationObject();
                private readonly object _gate = new object();
                private readonly ulong[] _ring = new ulong[64];
                private readonly Dictionary<string, int> _stats = new Dictionary<string, int>();
                private Fence _last = null!;
                private Fence _done = null!;
                private int _count;

                public Fence Submit(int work)
                {
                    var fence = _timeline.CreateFence();
                    using (_resv.Lock())
                    {
                        _resv.ReserveSlots(1);
                        _resv.AddFence(fence, FenceUsage.Write);
                    }

                    _last = fence;
                    Prepare(work);
                    return fence;
                }

                private void Prepare(int work)
                {
                    var buffer = new List<int>(work);
                    for (int k = 0; k < work; k++)
                    {
                        buffer.Add(k * {{i % 97 + 1}});
                    }

                    lock (_gate)
                    {
                        _count += buffer.Count;
                        _stats["prepared"] = _stats.TryGetValue("prepared", out int n) ? n + buffer.Count : buffer.Count;
                    }
                }

                public void Retire()
                {
                    using (Fence.BeginSignalling())
                    {
                        _ring[_count & 63] = _last.Seqno;
                        Hop({{chain}});

            """);
        if (violationAlloc)
        {
            s.AppendLine("            _stats[$\"retired {_count}\"] = 1; // deliberate FG0001");
        }

        if (violationWait)
        {
            s.AppendLine("            Shared.Wait(); // deliberate FG0003");
        }

        s.Append(CultureInfo.InvariantCulture, $$"""
                        _last.Signal();
                    }
                }

                public static int Hop(int depth) => {{(hasNext ? $"depth <= 0 ? 0 : {next}.Hop(depth - 1) + 1" : "depth")}};

                public void Arm(Fence upstream) => upstream.AddCallback(f =>
                {
                    _ring[f.Seqno & 63] = f.Seqno;
                    _done.Signal();
                });

                public async Task<int> DrainAsync()
                {
                    await _last;
                    return Volatile.Read(ref _count);
                }

                public void Synchronize()
                {
            {{(cycle ? $"        {next}.Shared.Wait(); // deliberate FG0020 with {next}\n        Shared.Signal();" :
               cyclePartner ? $"        Engine{i - 1:D5}.Shared.Wait();\n        Shared.Signal();" :
               "        _done.Wait();")}}
                }

                public string Report()
                {
                    var text = new StringBuilder();
                    foreach (KeyValuePair<string, int> entry in _stats.OrderBy(e => e.Key, StringComparer.Ordinal))
                    {
                        text.Append(entry.Key).Append('=').Append(entry.Value).Append(';');
                    }

                    return $"engine {{i}}: {_count} jobs, {text}";
                }

                public static int Checksum(IEnumerable<int> values)
                {
                    int sum = 17;
                    foreach (int value in values)
                    {
                        sum = unchecked(sum * 31 + value);
                    }

                    return sum;
                }

                public IEnumerable<string> Busiest(int top) =>
                    _stats.Where(e => e.Value > 0).OrderByDescending(e => e.Value).Take(top).Select(e => e.Key);
            }

            """);
        return s.ToString();
    }

    /// <summary>The fence-free variant's look-alike types: same shapes, no FenceGuard.</summary>
    private const string Primitives = """
        using System;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Gen.Primitives;

        public enum FenceUsage { Kernel, Write, Read, Bookkeep }

        public class Fence
        {
            private readonly ManualResetEventSlim _event = new ManualResetEventSlim();
            public ulong Seqno { get; init; }
            public bool Signal() { _event.Set(); return true; }
            public void Wait() => _event.Wait();
            public void AddCallback(Action<Fence> callback) => callback(this);
            public TaskAwaiter GetAwaiter() => Task.CompletedTask.GetAwaiter();
            public static Section BeginSignalling() => default;
        }

        public readonly struct Section : IDisposable { public void Dispose() { } }

        public sealed class FenceTimeline
        {
            private ulong _next;
            public FenceTimeline(string name) => Name = name;
            public string Name { get; }
            public Fence CreateFence() => new Fence { Seqno = Interlocked.Increment(ref _next) };
        }

        public sealed class ReservationObject
        {
            public Section Lock() => default;
            public void ReserveSlots(int count) { }
            public void AddFence(Fence fence, FenceUsage usage) { }
        }
        """;

    public static int CountLines(IEnumerable<(string Path, string Text)> files) =>
        files.Sum(f => f.Text.Count(c => c == '\n') + 1);
}
