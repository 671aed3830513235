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
}
