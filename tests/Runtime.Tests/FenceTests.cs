using FenceGuard;

namespace FenceGuard.Runtime.Tests;

public class FenceTests
{
    private static Fence NewFence() => new FenceTimeline("test").CreateFence();

    [Fact]
    public void NewFence_IsPendingWithNoErrorOrTimestamp()
    {
        Fence fence = NewFence();
        Assert.False(fence.IsSignalled);
        Assert.Null(fence.Error);
        Assert.Null(fence.Timestamp);
        Assert.Equal("test", fence.TimelineName);
        Assert.Equal(1UL, fence.Seqno);
    }

    [Fact]
    public void Signal_FirstCallSignals_SecondReturnsFalse()
    {
        Fence fence = NewFence();
        DateTimeOffset before = DateTimeOffset.UtcNow;
        Assert.True(fence.Signal());
        Assert.True(fence.IsSignalled);
        Assert.False(fence.Signal());
        Assert.False(fence.Signal(new InvalidOperationException("late")));
        Assert.Null(fence.Error);
        Assert.NotNull(fence.Timestamp);
        Assert.InRange(fence.Timestamp!.Value, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public void SignalWithError_RecordsError_AndWaitDoesNotThrow()
    {
        Fence fence = NewFence();
        var error = new TimeoutException("gpu hang");
        Assert.True(fence.Signal(error));
        Assert.Same(error, fence.Error);
        Assert.True(fence.Wait(TimeSpan.Zero));
    }

    [Fact]
    public void Signal_NullError_Throws()
    {
        Assert.Throws<ArgumentNullException>("error", () => NewFence().Signal(null!));
    }

    [Fact]
    public void Wait_OnPendingFence_TimesOut()
    {
        Fence fence = NewFence();
        Assert.False(fence.Wait(TimeSpan.Zero));
        Assert.False(fence.Wait(TimeSpan.FromMilliseconds(20)));
    }

    [Fact]
    public void Wait_IsReleasedBySignalFromAnotherThread()
    {
        Fence fence = NewFence();
        var signaller = new Thread(() => { Thread.Sleep(30); fence.Signal(); });
        signaller.Start();
        Assert.True(fence.Wait(TimeSpan.FromSeconds(10)));
        fence.Wait(); // no timeout, already signalled
        signaller.Join();
    }

    [Fact]
    public void Wait_Cancelled_ThrowsOperationCanceled()
    {
        Fence fence = NewFence();
        using var cts = new CancellationTokenSource(30);
        Assert.ThrowsAny<OperationCanceledException>(() => fence.Wait(TimeSpan.FromSeconds(30), cts.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => fence.Wait(cts.Token));
    }

    [Fact]
    public void Wait_AlreadySignalled_ReturnsTrueEvenWithCancelledToken()
    {
        Fence fence = NewFence();
        fence.Signal();
        Assert.True(fence.Wait(TimeSpan.Zero, new CancellationToken(true)));
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(-1000)]
    public void Wait_NegativeTimeout_Throws(int ms)
    {
        Assert.Throws<ArgumentOutOfRangeException>("timeout", () => NewFence().Wait(TimeSpan.FromMilliseconds(ms)));
        Assert.Throws<ArgumentOutOfRangeException>("timeout", () => { _ = NewFence().WaitAsync(TimeSpan.FromMilliseconds(ms)); });
    }

    [Fact]
    public void Wait_InfiniteTimeSpan_IsAccepted()
    {
        Fence fence = NewFence();
        fence.Signal();
        Assert.True(fence.Wait(Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public async Task WaitAsync_CompletesWhenSignalled_WithoutBlocking()
    {
        Fence fence = NewFence();
        Task wait = fence.WaitAsync();
        Assert.False(wait.IsCompleted);
        fence.Signal();
        await wait.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(wait.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WaitAsync_Timeout_ReturnsFalse_AndTrueWhenSignalled()
    {
        Fence fence = NewFence();
        Assert.False(await fence.WaitAsync(TimeSpan.FromMilliseconds(20)));
        Assert.False(await fence.WaitAsync(TimeSpan.Zero));
        Task<bool> pending = fence.WaitAsync(TimeSpan.FromSeconds(10));
        fence.Signal();
        Assert.True(await pending);
        Assert.True(await fence.WaitAsync(TimeSpan.Zero));
    }

    [Fact]
    public async Task WaitAsync_Cancelled_IsCanceled()
    {
        Fence fence = NewFence();
        using var cts = new CancellationTokenSource();
        Task wait = fence.WaitAsync(cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.True(wait.IsCanceled);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fence.WaitAsync(new CancellationToken(true)));
    }

    [Fact]
    public async Task WaitAsync_TimedOut_RemovesItsCallback()
    {
        Fence fence = NewFence();
        Assert.False(await fence.WaitAsync(TimeSpan.FromMilliseconds(10)));
        // The timed-out waiter left nothing behind that runs at signal time.
        int ran = 0;
        fence.AddCallback(_ => ran++);
        fence.Signal();
        Assert.Equal(1, ran);
    }

    [Fact]
    public async Task Await_Fence_ContinuesAfterSignal_OutsideTheSignallersSection()
    {
        Fence fence = NewFence();
        bool? continuationInSection = null;
        Task awaiter = Task.Run(async () =>
        {
            await fence;
            continuationInSection = Fence.IsInSignallingSection;
        });
        await Task.Delay(20);
        fence.Signal();
        await awaiter.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(continuationInSection);
    }

    [Fact]
    public void Callbacks_RunOnceInRegistrationOrder_OnTheSignallingThread_InsideASection()
    {
        Fence fence = NewFence();
        var order = new List<int>();
        var threads = new List<int>();
        bool allInSection = true;
        for (int i = 0; i < 5; i++)
        {
            int n = i;
            FenceCallback registration = fence.AddCallback(f =>
            {
                Assert.Same(fence, f);
                Assert.True(f.IsSignalled);
                order.Add(n);
                threads.Add(Environment.CurrentManagedThreadId);
                allInSection &= Fence.IsInSignallingSection;
            });
            Assert.True(registration.IsRegistered);
            Assert.Same(fence, registration.Owner);
        }

        Assert.False(Fence.IsInSignallingSection);
        fence.Signal();
        fence.Signal();
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, order);
        Assert.All(threads, t => Assert.Equal(Environment.CurrentManagedThreadId, t));
        Assert.True(allInSection);
        Assert.False(Fence.IsInSignallingSection);
    }

    [Fact]
    public void AddCallback_ToSignalledFence_IsNotRunAndNotRegistered()
    {
        // Kernel: dma_fence_add_callback returns -ENOENT and does not call the callback.
        Fence fence = NewFence();
        fence.Signal();
        int ran = 0;
        FenceCallback registration = fence.AddCallback(_ => ran++);
        Assert.False(registration.IsRegistered);
        Assert.Equal(0, ran);
        Assert.False(fence.RemoveCallback(registration));
    }

    [Fact]
    public void RemoveCallback_BeforeSignal_PreventsIt_AndSecondRemoveReturnsFalse()
    {
        Fence fence = NewFence();
        int a = 0, b = 0;
        FenceCallback first = fence.AddCallback(_ => a++);
        fence.AddCallback(_ => b++);
        Assert.True(fence.RemoveCallback(first));
        Assert.False(fence.RemoveCallback(first));
        fence.Signal();
        Assert.Equal(0, a);
        Assert.Equal(1, b);
    }

    [Fact]
    public void RemoveCallback_AfterItRan_ReturnsFalse()
    {
        Fence fence = NewFence();
        FenceCallback registration = fence.AddCallback(_ => { });
        fence.Signal();
        Assert.False(fence.RemoveCallback(registration));
    }

    [Fact]
    public void RemoveCallback_OfAnotherFence_Throws()
    {
        Fence fence = NewFence();
        FenceCallback registration = NewFence().AddCallback(_ => { });
        Assert.Throws<ArgumentException>("registration", () => fence.RemoveCallback(registration));
        Assert.Throws<ArgumentNullException>("registration", () => fence.RemoveCallback(null!));
        Assert.Throws<ArgumentNullException>("callback", () => fence.AddCallback(null!));
    }

    [Fact]
    public void ThrowingCallback_DoesNotStopTheOthers_AndSurfacesAsAggregate()
    {
        Fence fence = NewFence();
        int ran = 0;
        fence.AddCallback(_ => throw new InvalidOperationException("one"));
        fence.AddCallback(_ => ran++);
        fence.AddCallback(_ => throw new InvalidOperationException("two"));
        var aggregate = Assert.Throws<AggregateException>(() => fence.Signal());
        Assert.Equal(new[] { "one", "two" }, aggregate.InnerExceptions.Select(e => e.Message));
        Assert.Equal(1, ran);
        Assert.True(fence.IsSignalled);
        Assert.False(Fence.IsInSignallingSection);
    }

    [Fact]
    public void CallbackThatAddsCallbackToSameFence_GetsNotRegistered()
    {
        Fence fence = NewFence();
        FenceCallback? inner = null;
        fence.AddCallback(f => inner = f.AddCallback(_ => { }));
        fence.Signal();
        Assert.NotNull(inner);
        Assert.False(inner!.IsRegistered);
    }

    [Fact]
    public void SignalledStub_IsSignalled_AndShared()
    {
        Assert.True(Fence.Signalled.IsSignalled);
        Assert.Same(Fence.Signalled, Fence.Signalled);
        Assert.NotNull(Fence.Signalled.Timestamp);
        Assert.False(Fence.Signalled.Signal());
        Assert.True(Fence.Signalled.Wait(TimeSpan.Zero));
    }

    [Fact]
    public void ToString_NamesTimelineSeqnoAndState()
    {
        Fence fence = NewFence();
        Assert.Equal("test#1 (pending)", fence.ToString());
        fence.Signal(new InvalidOperationException());
        Assert.Equal("test#1 (signalled with error)", fence.ToString());
    }
}
