using FenceGuard;

namespace FenceGuard.Runtime.Tests;

public class UserFenceTests
{
    [Fact]
    public void UserFence_IsNotAFence()
    {
        Assert.False(typeof(Fence).IsAssignableFrom(typeof(UserFence)));
        Assert.False(typeof(UserFence).IsAssignableFrom(typeof(Fence)));
    }

    [Fact]
    public void Constructor_ValidatesName()
    {
        Assert.Throws<ArgumentNullException>("name", () => new UserFence(null!));
        Assert.Throws<ArgumentException>("name", () => new UserFence(""));
        Assert.Equal("present", new UserFence("present").Name);
    }

    [Fact]
    public void Signal_OnceOnly_WakesWaiters_RunsCallbacksOutsideASection()
    {
        var fence = new UserFence("u");
        bool? inSection = null;
        FenceCallback registration = fence.AddCallback(f => { Assert.Same(fence, f); inSection = Fence.IsInSignallingSection; });
        Assert.True(registration.IsRegistered);
        Assert.False(fence.Wait(TimeSpan.FromMilliseconds(10)));
        var waiter = Task.Run(() => fence.Wait(TimeSpan.FromSeconds(10)));
        Assert.True(fence.Signal());
        Assert.False(fence.Signal());
        Assert.True(waiter.Result);
        Assert.True(fence.IsSignalled);
        Assert.False(inSection);
    }

    [Fact]
    public async Task WaitAsync_AndAwait_Work()
    {
        var fence = new UserFence("u");
        Task<bool> timed = fence.WaitAsync(TimeSpan.FromMilliseconds(10));
        Assert.False(await timed);
        Task pending = fence.WaitAsync();
        using var cts = new CancellationTokenSource();
        Task cancelled = fence.WaitAsync(cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        fence.Signal();
        await pending.WaitAsync(TimeSpan.FromSeconds(10));
        await fence;
    }

    [Fact]
    public void Callbacks_AddAfterSignalNotRun_RemoveWorks_ValidateArguments()
    {
        var fence = new UserFence("u");
        int ran = 0;
        FenceCallback removed = fence.AddCallback(_ => ran += 10);
        Assert.True(fence.RemoveCallback(removed));
        fence.AddCallback(_ => ran++);
        fence.Signal();
        Assert.Equal(1, ran);
        Assert.False(fence.AddCallback(_ => ran++).IsRegistered);
        Assert.Equal(1, ran);
        Assert.Throws<ArgumentNullException>("callback", () => fence.AddCallback(null!));
        Assert.Throws<ArgumentNullException>("registration", () => fence.RemoveCallback(null!));
        Assert.Throws<ArgumentException>("registration", () => fence.RemoveCallback(new UserFence("v").AddCallback(_ => { })));
    }
}
