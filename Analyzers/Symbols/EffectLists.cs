namespace FenceGuard.Analyzers.Symbols
{
    /// <summary>
    /// The member lists that classify calls into base-library and other metadata members: which allocate (FG0001) and
    /// which block (FG0004), each the built-in list plus the user's additions for one file (<c>.editorconfig</c> keys
    /// <c>fenceguard.allocating_members</c> and <c>fenceguard.blocking_members</c>, or additional files
    /// <c>FenceGuard.AllocatingMembers.txt</c> and <c>FenceGuard.BlockingMembers.txt</c>). The built-in blocking members
    /// are known by symbol (<see cref="KnownSymbols.IsBlocking"/>); <see cref="Blocking"/> holds only additions.
    /// </summary>
    internal sealed class EffectLists
    {
        public static readonly EffectLists BuiltIn = new EffectLists(MemberList.BuiltInAllocating, MemberList.Parse(null));

        public EffectLists(MemberList allocating, MemberList blocking)
        {
            Allocating = allocating;
            Blocking = blocking;
        }

        public MemberList Allocating { get; }

        public MemberList Blocking { get; }

        /// <summary>The same lists, caching their answers for one compilation (see <see cref="MemberList.ForCompilation"/>).</summary>
        public EffectLists ForCompilation() => new EffectLists(Allocating.ForCompilation(), Blocking.ForCompilation());

        public EffectLists Union(MemberList allocating, MemberList blocking) =>
            allocating.IsEmpty && blocking.IsEmpty ? this : new EffectLists(Allocating.Union(allocating), Blocking.Union(blocking));
    }
}
