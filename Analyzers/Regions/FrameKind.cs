namespace FenceGuard.Analyzers.Regions
{
    /// <summary>What a <see cref="Frame"/> is.</summary>
    internal enum FrameKind
    {
        /// <summary>A method's body, a lambda, an anonymous method or a local function: its code runs when it is invoked.</summary>
        Function,

        /// <summary>A block: its statements run in order, so what one statement waits for, the later ones wait for too.</summary>
        Block,

        /// <summary>An <c>if</c> or a conditional expression: its condition (index 0) runs before either branch (1 and 2).</summary>
        Conditional,
    }
}
