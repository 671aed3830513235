using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>
    /// The rest of a witness chain inside another assembly, as its summary recorded it: the hops after the member itself
    /// (<c>Trace → Format</c>), the direct effect's construct (<c>'new StringBuilder'</c>) and a location per hop, in the
    /// library's files (external locations: the consumer's compilation does not hold them).
    /// </summary>
    internal sealed class ExternalChain
    {
        public ExternalChain(IReadOnlyList<string> names, string construct, IReadOnlyList<Location> locations)
        {
            Names = names;
            Construct = construct;
            Locations = locations;
        }

        /// <summary>The chain's hops after the member the summary is of; empty when the member has the effect itself.</summary>
        public IReadOnlyList<string> Names { get; }

        /// <summary>The direct effect, e.g. <c>'new StringBuilder'</c>.</summary>
        public string Construct { get; }

        /// <summary>Every hop's location, the direct effect's last.</summary>
        public IReadOnlyList<Location> Locations { get; }
    }
}
