using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Regions
{
    /// <summary>Where one operation runs, as the <see cref="RegionWalker"/> reports it.</summary>
    internal readonly struct Region
    {
        public Region(SectionInfo? section, Frame frame, int statement, IOperation? functionOperation, bool underLocalFunction)
        {
            Section = section;
            Frame = frame;
            Statement = statement;
            FunctionOperation = functionOperation;
            UnderLocalFunction = underLocalFunction;
        }

        /// <summary>The innermost signalling section the operation runs in, or null.</summary>
        public SectionInfo? Section { get; }

        /// <summary>The innermost block, conditional or function around the operation.</summary>
        public Frame Frame { get; }

        /// <summary>The index of the statement (or branch) of <see cref="Frame"/> the operation is in.</summary>
        public int Statement { get; }

        /// <summary>The function the operation runs in: 0 for the member's own body.</summary>
        public int Function => Frame.Function;

        /// <summary>The innermost lambda or local function around the operation, null in the member's own body (only during the walk).</summary>
        public IOperation? FunctionOperation { get; }

        /// <summary>Whether the operation is inside a local function (summarized as a method of its own).</summary>
        public bool UnderLocalFunction { get; }
    }
}
