namespace FenceGuard.Tool
{
    /// <summary>The tool's exit codes (README, "The fenceguard tool").</summary>
    internal static class ExitCodes
    {
        /// <summary>Done; <c>check</c>: no finding reached the threshold.</summary>
        public const int Success = 0;

        /// <summary><c>check</c>: at least one finding reached the threshold.</summary>
        public const int FindingsAtThreshold = 1;

        /// <summary>The command line is wrong (an unknown command or option, a missing value).</summary>
        public const int Usage = 2;

        /// <summary>The path does not exist, or holds no project or solution (or more than one).</summary>
        public const int PathNotFound = 3;

        /// <summary>No MSBuild (.NET SDK) was found to load projects with.</summary>
        public const int NoMSBuild = 4;

        /// <summary>A project failed to load or restore.</summary>
        public const int LoadFailed = 5;

        /// <summary><c>graph --format svg</c>: Graphviz's <c>dot</c> is not on PATH, or failed.</summary>
        public const int GraphvizMissing = 6;
    }
}
