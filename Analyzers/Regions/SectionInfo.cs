using FenceGuard.Analyzers.Operations;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Regions
{
    /// <summary>One signalling section as the analyzers see it: where it opens and how to name it in a message.</summary>
    internal sealed class SectionInfo
    {
        private SectionInfo(Location opening, string description, bool isBegin = false)
        {
            Opening = opening;
            Description = description;
            IsBeginSignalling = isBegin;
        }

        /// <summary>True for sections opened by a <c>Fence.BeginSignalling()</c> call (code can run before them in the same body).</summary>
        public bool IsBeginSignalling { get; }

        /// <summary>Where the section opens: the <c>BeginSignalling</c> call, the member, or the callback.</summary>
        public Location Opening { get; }

        /// <summary>How messages name it, e.g. "the signalling section opened at line 12".</summary>
        public string Description { get; }

        public static SectionInfo ForBegin(IOperation begin) =>
            new SectionInfo(begin.Syntax.GetLocation(), $"the signalling section opened at line {begin.Line()}", isBegin: true);

        public static SectionInfo ForSignallingPath(ISymbol member, Location location) =>
            new SectionInfo(location, $"the [SignallingPath] {Kind(member)} '{member.Name}'");

        public static SectionInfo ForCallback(SyntaxNode callback) =>
            new SectionInfo(callback.GetLocation(), $"the fence callback at line {callback.Line()} (callbacks run in the signaller's context)");

        public static SectionInfo ForCallbackMethod(IMethodSymbol method, Location location) =>
            new SectionInfo(location, $"the fence callback method '{method.Name}' (callbacks run in the signaller's context)");

        private static string Kind(ISymbol member) => member switch
        {
            IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } => "constructor",
            IMethodSymbol { MethodKind: MethodKind.LocalFunction } => "local function",
            IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } => "lambda",
            _ => "method",
        };
    }
}
