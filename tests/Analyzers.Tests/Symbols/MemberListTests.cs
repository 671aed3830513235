using FenceGuard.Analyzers.Symbols;
using FenceGuard.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Tests.Symbols;

/// <summary>The configured member lists: how entries are written, and what they match.</summary>
public class MemberListTests
{
    private const string Source = "namespace Io { public class Log { public static void Write() { } public static void Flush() { } public class Nested { public static void Go() { } } } }";

    [Theory]
    [InlineData("Io.Log.Write", "Write", true)]
    [InlineData("Io.Log.Write", "Flush", false)]
    [InlineData("Io.Log", "Flush", true)]
    [InlineData("Io.Log.Nested.Go", "Go", true)]
    [InlineData("  Io.Log.Write  # a comment", "Write", true)]
    [InlineData("Other.Thing, Io.Log.Flush;", "Flush", true)]
    [InlineData("# Io.Log.Write", "Write", false)]
    [InlineData("", "Write", false)]
    [InlineData("io.log.write", "Write", false)]
    public void Entry_MatchesItsMembers(string list, string member, bool matches)
    {
        Compilation compilation = TestCompilations.Create(Source);
        ISymbol symbol = compilation.GetSymbolsWithName(member).Single();

        Assert.Equal(matches, MemberList.Parse(list).Contains(symbol));
    }

    [Fact]
    public void Union_KeepsTheEntriesOfBoth()
    {
        Compilation compilation = TestCompilations.Create(Source);
        MemberList both = MemberList.Parse("Io.Log.Write").Union(MemberList.Parse("Io.Log.Flush"));

        Assert.True(both.Contains(compilation.GetSymbolsWithName("Write").Single()));
        Assert.True(both.Contains(compilation.GetSymbolsWithName("Flush").Single()));
    }
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void List_AnswersTheSameCachedOrNot(bool forCompilation)
    {
        Compilation compilation = TestCompilations.Create(Source);
        MemberList list = MemberList.Parse("Io.Log.Write");
        MemberList asked = forCompilation ? list.ForCompilation() : list;

        Assert.True(asked.Contains(compilation.GetSymbolsWithName("Write").Single()));
        Assert.True(asked.Contains(compilation.GetSymbolsWithName("Write").Single())); // the cached answer
        Assert.False(asked.Contains(compilation.GetSymbolsWithName("Flush").Single()));
    }

    [Fact]
    public void BuiltInList_KeepsNoCompilationAlive()
    {
        // The built-in list lives in a static field and is asked about every compilation's members; it must hold none.
        WeakReference compilation = AskTheBuiltInList();
        for (int i = 0; i < 3 && compilation.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(compilation.IsAlive);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference AskTheBuiltInList()
    {
        Compilation compilation = TestCompilations.Create("namespace Io { public class Pool { public void Add() { } } }");
        Assert.False(MemberList.BuiltInAllocating.Contains(compilation.GetSymbolsWithName("Add").Single()));
        return new WeakReference(compilation);
    }
}
