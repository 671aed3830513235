using System;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>
    /// One hop of a witness chain inside another assembly, as its summary recorded it: either the direct effect
    /// (<see cref="Construct"/>, e.g. <c>'new StringBuilder'</c>, where it is), or a call to another member of that
    /// assembly (by documentation ID, private ones included), named as a message names the hop (<c>Log</c>), whose own
    /// recorded witness continues the chain. Each member's record holds one hop per effect, so a library's record grows
    /// with its members, not with the length of its chains.
    /// </summary>
    internal sealed class ExternalHop
    {
        private readonly Func<string, MethodSummary?>? _resolve;

        public ExternalHop(string? construct, Location location, string? next, string? nextName, Func<string, MethodSummary?>? resolve)
        {
            Construct = construct;
            Location = location;
            NextMember = next;
            NextName = nextName;
            _resolve = resolve;
        }

        /// <summary>The direct effect; null when the hop is a call (<see cref="NextMember"/>).</summary>
        public string? Construct { get; }

        /// <summary>Where the effect or the call is, in the library's files (an external location).</summary>
        public Location Location { get; }

        /// <summary>The documentation ID of the member called, or null for a direct effect.</summary>
        public string? NextMember { get; }

        /// <summary>How a message names the call's hop: <c>Log</c>, <c>Run → its parameter 'action' (Nap)</c>.</summary>
        public string? NextName { get; }

        /// <summary>The recorded summary of <see cref="NextMember"/>, or null when the record has none.</summary>
        public MethodSummary? Next => NextMember is { } next ? _resolve?.Invoke(next) : null;
    }
}
