namespace FenceGuard.Analyzers.Operations
{
    /// <summary>
    /// The fence-like thing a wait or a callback registration is on, as written: its kind and its source text (for a
    /// task source, the <c>tcs.Task</c> expression). Keeps no operation, so facts that hold it keep no bound tree alive.
    /// </summary>
    internal readonly struct FenceSource
    {
        public FenceSource(FenceSourceKind kind, string text)
        {
            Kind = kind;
            Text = text;
        }

        public FenceSourceKind Kind { get; }

        /// <summary>The expression as written, e.g. "present" or "tcs.Task".</summary>
        public string Text { get; }

        /// <summary>User fences and task sources: nothing bounds when they signal.</summary>
        public bool IsIndefinite => Kind is FenceSourceKind.UserFence or FenceSourceKind.TaskSource;
    }
}
