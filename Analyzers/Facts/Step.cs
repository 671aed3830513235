using System.Collections.Generic;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Regions;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Facts
{
    /// <summary>
    /// One operation of a body that a rule or a summary can care about: it has an effect (classified with its file's
    /// member lists), calls a method with a body in this compilation, waits on a fence-like source, or passes a method
    /// group as a callback. Where it runs (section, function, frame position) comes from the one region walk. Keeps
    /// syntax and symbols, never operations.
    /// </summary>
    internal sealed class Step
    {
        private Location? _site;

        public Step(SyntaxNode syntax, Location? site, Region region)
        {
            Syntax = syntax;
            _site = site;
            Section = region.Section;
            Frame = region.Frame;
            Statement = region.Statement;
        }

        public SyntaxNode Syntax { get; }

        /// <summary>Where messages point (<see cref="Sites"/>); made only when a message or a witness needs it.</summary>
        public Location Site => _site ??= Sites.Of(Syntax);

        /// <summary>The innermost signalling section it runs in, or null.</summary>
        public SectionInfo? Section { get; }

        public Frame Frame { get; }

        /// <summary>The index of its statement (or branch) in <see cref="Frame"/>.</summary>
        public int Statement { get; }

        /// <summary>The function it runs in: 0 for the member's own body.</summary>
        public int Function => Frame.Function;

        /// <summary>What the operation does itself, or null.</summary>
        public Effect? Effect { get; set; }

        /// <summary>The method it calls when it runs (<see cref="CallTargets"/>), or null.</summary>
        public IMethodSymbol? Callee { get; set; }

        /// <summary>For a wait (<see cref="FenceApi.IsWait"/>): what it waits on, or null.</summary>
        public FenceSource? Waits { get; set; }

        /// <summary>For a method group passed as a callback: the method (null otherwise).</summary>
        public IMethodSymbol? CallbackMethod { get; set; }

        /// <summary>For a registration of a callback kept in a field, property or event (<c>fence.AddCallback(_onDone)</c>): that member.</summary>
        public DelegateSource? CallbackHolder { get; set; }

        /// <summary>For a method group passed as a callback, or a kept one (<see cref="CallbackHolder"/>): what it is registered on.</summary>
        public FenceSource? CallbackOf { get; set; }

        /// <summary>For a callback registration step: whether it is <c>Fence.AddCallback</c>, whose callbacks run as signalling sections.</summary>
        public bool IsFenceCallback { get; set; }

        /// <summary>
        /// For a call: the delegate arguments whose source is known (<see cref="DelegateSource"/>), by parameter ordinal. A
        /// callee that invokes that parameter, itself or through its own calls, runs what the source runs
        /// (<c>MethodSummaries.InvokedParametersOf</c>).
        /// </summary>
        public IReadOnlyList<(int Ordinal, DelegateSource Source)>? DelegateArguments { get; set; }

        /// <summary>For the invocation of a delegate read from a field, property or event: that member (what is stored there runs here).</summary>
        public DelegateSource? Invokes { get; set; }

        /// <summary>The 1-based line, for messages.</summary>
        public int Line => Syntax.Line();
    }
}
