namespace FenceGuard.Analyzers.Regions
{
    /// <summary>How a signalling section is unbalanced (FG0006); the catalogue turns each into its message text.</summary>
    internal enum ImbalanceKind
    {
        /// <summary>A bare <c>Fence.BeginSignalling();</c>: the section can never be ended.</summary>
        Discarded,

        /// <summary>The section value is stored in a field, passed on or returned.</summary>
        Stored,

        /// <summary>A section local is copied, captured or passed on.</summary>
        Copied,

        NeverEnded,

        NotEndedOnEveryPath,

        /// <summary>An end outside the <c>finally</c> that already ends the section.</summary>
        EndedTwiceWithFinally,

        /// <summary>An end of a section that a using declaration ends.</summary>
        EndedTwiceWithUsing,

        /// <summary>An end of a value that was never begun (<c>default</c>, <c>new</c>).</summary>
        NotOpen,

        /// <summary>An end of a section held in a parameter, field or property.</summary>
        NotBegunHere,
    }
}
