using FenceGuard;

namespace FencePipeline;

/// <summary>
/// FG0021 and FG0011: a compositor that turns the client's "presented" user fence into a bounded fence.
/// Fix: keep 'presented' a UserFence that consumers wait on explicitly; signal '_composed' from bounded work only.
/// </summary>
internal sealed class Compositor
{
    private readonly UserFence _presented = new("presented");
    private readonly ReservationObject _frontBuffer = new();
    private Fence _composed = null!;

    // FG0021 (and FG0010): _composed waits on the user fence, which waits on _composed.
    public void Arm() => _presented.AddCallback(_ => _composed.Signal());

    public void Present()
    {
        _composed.Wait();
        _presented.Signal();
    }

    public void Share()
    {
        using (_frontBuffer.Lock())
        {
            _frontBuffer.ReserveSlots(1);
            _frontBuffer.AddFence(_composed, FenceUsage.Write); // FG0011: an indefinite fence, implicitly waited on by everyone
        }
    }
}
