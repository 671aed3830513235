using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Reporting
{
    /// <summary>How messages name a place in the source: "File.cs line 12".</summary>
    internal static class Places
    {
        public static string Where(Location site)
        {
            FileLinePositionSpan span = site.GetLineSpan();
            return $"{System.IO.Path.GetFileName(span.Path)} line {span.StartLinePosition.Line + 1}";
        }
    }
}
