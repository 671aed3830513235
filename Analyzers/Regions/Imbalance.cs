using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Regions
{
    /// <summary>One unbalanced use of a signalling section (FG0006), as a fact: what, where, and how to name it.</summary>
    internal sealed class Imbalance
    {
        public Imbalance(ImbalanceKind kind, Location location, int? beginLine, string? construct, int copiedBeginLine = 0)
        {
            Kind = kind;
            Location = location;
            BeginLine = beginLine;
            Construct = construct;
            CopiedBeginLine = copiedBeginLine;
        }

        public ImbalanceKind Kind { get; }

        public Location Location { get; }

        /// <summary>When the finding is at the <c>BeginSignalling()</c> call: its line (messages name it "at line N").</summary>
        public int? BeginLine { get; }

        /// <summary>Otherwise: the operation as written.</summary>
        public string? Construct { get; }

        /// <summary>For <see cref="ImbalanceKind.Copied"/>: the line of the begin whose section is copied.</summary>
        public int CopiedBeginLine { get; }
    }
}
