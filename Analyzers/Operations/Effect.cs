namespace FenceGuard.Analyzers.Operations
{
    /// <summary>An effect and how messages name its construct, e.g. "'Fence.Wait'".</summary>
    internal readonly struct Effect
    {
        public Effect(EffectKind kind, string construct)
        {
            Kind = kind;
            Construct = construct;
        }

        public EffectKind Kind { get; }

        public string Construct { get; }
    }
}
