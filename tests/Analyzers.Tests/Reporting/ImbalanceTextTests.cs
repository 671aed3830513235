using FenceGuard.Analyzers.Regions;
using FenceGuard.Analyzers.Reporting;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Tests.Reporting;

/// <summary>FG0006's message for each way a section can be unbalanced: the catalogue names the construct and says why.</summary>
public class ImbalanceTextTests
{
    [Theory]
    [InlineData("Discarded", 7, null, "'Fence.BeginSignalling()' at line 7 is discarded:", "the section can never be ended; use 'using (Fence.BeginSignalling()) { ... }'")]
    [InlineData("Stored", 7, null, "'Fence.BeginSignalling()' at line 7 is stored or passed on:", "a section must be ended by the method that begins it, on the same thread; keep it in a local ended in a finally block, or use a using statement")]
    [InlineData("Copied", null, "s", "'s' copies the signalling section begun at line 4:", "a section value must not be copied, stored or captured; end it in the method that begins it")]
    [InlineData("NeverEnded", 7, null, "'Fence.BeginSignalling()' at line 7 is never ended:", "end the section with a using declaration, or with EndSignalling in a finally block")]
    [InlineData("NotEndedOnEveryPath", 7, null, "'Fence.BeginSignalling()' at line 7 is not ended on every path:", "an exception or an early return before EndSignalling leaves the section open; use a using declaration or try/finally")]
    [InlineData("EndedTwiceWithFinally", null, "Fence.EndSignalling(s)", "'Fence.EndSignalling(s)' ends a section that the finally block also ends:", "the section would be ended twice; remove this call")]
    [InlineData("EndedTwiceWithUsing", null, "s.Dispose()", "'s.Dispose()' ends a section that its using declaration also ends:", "the section would be ended twice; remove this call")]
    [InlineData("NotOpen", null, "Fence.EndSignalling(default)", "'Fence.EndSignalling(default)' ends a section that is not open:", "the value was not returned by Fence.BeginSignalling()")]
    [InlineData("NotBegunHere", null, "Fence.EndSignalling(section)", "'Fence.EndSignalling(section)' ends a section this method did not begin:", "sections must be ended by the method that begins them, on the same thread")]
    public void Imbalance_HasItsMessage(string kind, int? beginLine, string? construct, string what, string why)
    {
        var imbalance = new Imbalance(Enum.Parse<ImbalanceKind>(kind), Location.None, beginLine, construct, copiedBeginLine: 4);

        (string actualWhat, string actualWhy) = Descriptors.UnbalancedSectionText.For(imbalance);

        Assert.Equal(what, actualWhat);
        Assert.Equal(why, actualWhy);
    }
}
