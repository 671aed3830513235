namespace FenceGuard.Analyzers.Operations
{
    /// <summary>Where an <see cref="AccessPath"/> starts.</summary>
    internal enum AccessRoot
    {
        /// <summary>An arbitrary expression (a call's result read further, an element access): no identity of its own.</summary>
        Unknown,
        Local,
        Parameter,
        This,
        /// <summary>A static field or property: the root is its type.</summary>
        Static,
        TypeOf,
        /// <summary>The value a call returns (only as a whole path: <c>Make()</c>, not <c>Make().X</c>).</summary>
        Returned,
    }
}
