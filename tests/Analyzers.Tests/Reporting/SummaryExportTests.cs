using FenceGuard.Analyzers.Summaries;
using FenceGuard.Analyzers.Tests.Verifiers;

namespace FenceGuard.Analyzers.Tests.Reporting;

/// <summary>Which members a library's record holds (SummaryExport): what other assemblies can call, and what their chains call.</summary>
public class SummaryExportTests
{
    private const string Members = """
        public static void Public() => System.Threading.Thread.Sleep(1);
        protected static void Protected() => System.Threading.Thread.Sleep(1);
        internal static void Internal() => System.Threading.Thread.Sleep(1);
        private static void Private() => System.Threading.Thread.Sleep(1);
        public static void ThroughPrivate() => Helper();
        private static void Helper() => System.Threading.Thread.Sleep(1);
        public static int Pure(int x) => x + 1;
        """;

    [Theory]
    [InlineData("", "M:XLib.S.Public", true)]
    [InlineData("", "M:XLib.S.Protected", true)]
    [InlineData("", "M:XLib.S.Internal", false)]
    [InlineData("", "M:XLib.S.Private", false)]
    [InlineData("", "M:XLib.S.ThroughPrivate", true)]
    [InlineData("", "M:XLib.S.Helper", true)] // called by an exported member's chain: its record continues the chain
    [InlineData("", "M:XLib.S.Pure", false)] // nothing to record
    [InlineData("[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"App\")]", "M:XLib.S.Internal", true)]
    [InlineData("", "M:XLib.Hidden.Nested.Public", false)] // a public type nested in an internal one
    public void Member_IsRecorded_WhenAnotherAssemblyCanCallIt(string attributes, string member, bool recorded)
    {
        string source = "using FenceGuard;\n" + attributes + "\nnamespace XLib { public class S { " + Members + " } internal class Hidden { public class Nested { " + Members + " } } }";

        RecordedLibrary library = RecordedLibrary.Build("XLib", source);
        MethodSummary? summary = SummaryFormat.Read(library.Summaries!, out _)!.Of(member);

        Assert.Equal(recorded, summary is not null);
    }
}
