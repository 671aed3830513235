using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Facts
{
    /// <summary>What one operation of a body does to the fence graph.</summary>
    internal enum FenceEventKind
    {
        /// <summary>Waits on or awaits <see cref="FenceEvent.Node"/>.</summary>
        Wait,

        /// <summary>Takes the lock class <see cref="FenceEvent.Node"/>.</summary>
        Acquire,

        /// <summary>Signals <see cref="FenceEvent.Node"/>.</summary>
        Signal,

        /// <summary>Calls <see cref="FenceEvent.Callee"/>, binding its parameters to <see cref="FenceEvent.Arguments"/>.</summary>
        Call,

        /// <summary>Registers a callback on <see cref="FenceEvent.Node"/>: a lambda body (<see cref="FenceEvent.CallbackBody"/>) or a method group (<see cref="FenceEvent.Callee"/>).</summary>
        Callback,

        /// <summary>Adds the fence <see cref="FenceEvent.Node"/> to the reservation object <see cref="FenceEvent.Container"/>.</summary>
        Publish,
    }
}
