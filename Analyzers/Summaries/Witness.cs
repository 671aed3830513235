using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>How a method comes to have an effect: directly at an operation, or through a call to a callee that has it.</summary>
    internal sealed class Witness
    {
        public Witness(string? construct, Location location, IMethodSymbol? callee, DelegateHop? via = null, ExternalHop? external = null)
        {
            External = external;
            Construct = construct;
            Location = location;
            Callee = callee;
            Via = via;
        }

        /// <summary>The effect's construct when direct (e.g. "'new StringBuilder'"); null when through a call to <see cref="Callee"/>.</summary>
        public string? Construct { get; }

        /// <summary>The operation, or the call site.</summary>
        public Location Location { get; }

        public IMethodSymbol? Callee { get; }

        /// <summary>When <see cref="Callee"/> is a delegate's target: the member or parameter the call reaches it through.</summary>
        public DelegateHop? Via { get; }

        /// <summary>For a member of another assembly known by its recorded summary: the chain's hop inside it (<see cref="Callee"/> null).</summary>
        public ExternalHop? External { get; }
    }
}
