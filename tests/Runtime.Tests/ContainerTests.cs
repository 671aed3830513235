using FenceGuard;

namespace FenceGuard.Runtime.Tests;

public class ContainerTests
{
    private static readonly FenceTimeline Timeline = new("containers");

    private static Fence[] NewFences(int count) => Enumerable.Range(0, count).Select(_ => new FenceTimeline("part").CreateFence()).ToArray();

    [Fact]
    public void All_SignalsOnlyWhenEveryPartHas()
    {
        Fence[] parts = NewFences(3);
        FenceArray all = Fence.All(parts);
        Assert.False(all.SignalOnAny);
        Assert.Equal(parts, all.Fences);
        parts[0].Signal();
        parts[2].Signal();
        Assert.False(all.IsSignalled);
        parts[1].Signal();
        Assert.True(all.IsSignalled);
        Assert.NotEqual(parts[0].Context, all.Context);
    }

    [Fact]
    public void All_OfAlreadySignalledOrNoFences_IsSignalledAtOnce()
    {
        Assert.True(Fence.All().IsSignalled);
        Assert.True(Fence.All(Fence.Signalled, Fence.Signalled).IsSignalled);
    }

    [Fact]
    public void All_TakesTheFirstError()
    {
        Fence[] parts = NewFences(3);
        FenceArray all = Fence.All(parts);
        var first = new InvalidOperationException("first");
        parts[1].Signal(first);
        parts[0].Signal(new InvalidOperationException("second"));
        parts[2].Signal();
        Assert.Same(first, all.Error);
    }

    [Fact]
    public void Any_SignalsWithTheFirstPart_AndItsError()
    {
        Fence[] parts = NewFences(3);
        FenceArray any = Fence.Any(parts);
        Assert.True(any.SignalOnAny);
        Assert.False(any.IsSignalled);
        var error = new InvalidOperationException("x");
        parts[1].Signal(error);
        Assert.True(any.IsSignalled);
        Assert.Same(error, any.Error);
        parts[0].Signal();
        Assert.Same(error, any.Error);
    }

    [Fact]
    public void Any_WithASignalledPart_IsSignalledAtOnce()
    {
        Assert.True(Fence.Any(NewFences(1)[0], Fence.Signalled).IsSignalled);
    }

    [Fact]
    public void Arrays_ValidateArguments()
    {
        Assert.Throws<ArgumentNullException>("fences", () => Fence.All(null!));
        Assert.Throws<ArgumentException>("fences", () => Fence.Any());
        Assert.Throws<ArgumentException>("fences", () => Fence.All(Fence.Signalled, null!));
    }

    [Fact]
    public void Array_CopiesItsInput()
    {
        Fence[] parts = NewFences(2);
        FenceArray all = Fence.All(parts);
        parts[0] = Fence.Signalled;
        Assert.NotSame(Fence.Signalled, all.Fences[0]);
    }

    [Fact]
    public void ArrayCallbacks_RunInsideTheCompletingPartsSection()
    {
        Fence[] parts = NewFences(2);
        FenceArray all = Fence.All(parts);
        bool? inSection = null;
        all.AddCallback(_ => inSection = Fence.IsInSignallingSection);
        parts[0].Signal();
        Assert.Null(inSection);
        parts[1].Signal();
        Assert.True(inSection);
    }

    [Fact]
    public void ChainLink_SignalsWhenItsFenceAndEveryEarlierLinkHaveSignalled()
    {
        Fence[] parts = NewFences(3);
        FenceChain one = FenceChain.Link(null, parts[0], 1);
        FenceChain two = FenceChain.Link(one, parts[1], 2);
        FenceChain five = FenceChain.Link(two, parts[2], 5);
        Assert.Equal(one.Context, five.Context);
        Assert.Equal(2UL, five.PreviousSeqno);
        Assert.Same(parts[2], five.Fence);

        parts[2].Signal();
        parts[1].Signal();
        Assert.False(five.IsSignalled);
        Assert.False(two.IsSignalled);
        parts[0].Signal();
        Assert.True(one.IsSignalled && two.IsSignalled && five.IsSignalled);
    }

    [Fact]
    public void ChainLink_PropagatesErrors()
    {
        Fence[] parts = NewFences(2);
        FenceChain one = FenceChain.Link(null, parts[0], 1);
        FenceChain two = FenceChain.Link(one, parts[1], 2);
        var error = new InvalidOperationException("x");
        parts[0].Signal(error);
        parts[1].Signal();
        Assert.Same(error, two.Error);
    }

    [Fact]
    public void ChainFind_ReturnsTheLinkThatCoversAPoint()
    {
        Fence[] parts = NewFences(3);
        FenceChain one = FenceChain.Link(null, parts[0], 1);
        FenceChain four = FenceChain.Link(one, parts[1], 4);
        FenceChain nine = FenceChain.Link(four, parts[2], 9);
        Assert.Same(one, nine.Find(1));
        Assert.Same(four, nine.Find(2));
        Assert.Same(four, nine.Find(4));
        Assert.Same(nine, nine.Find(5));
        Assert.Same(nine, nine.Find(9));
        Assert.Throws<ArgumentOutOfRangeException>("seqno", () => nine.Find(10));
        parts[0].Signal();
        Assert.Null(nine.Find(1));
        Assert.Same(four, nine.Find(3));
    }

    [Fact]
    public void ChainLink_DropsEarlierLinksOnceSignalled()
    {
        Fence[] parts = NewFences(2);
        FenceChain one = FenceChain.Link(null, parts[0], 1);
        FenceChain two = FenceChain.Link(one, parts[1], 2);
        Assert.Same(one, two.Previous);
        parts[0].Signal();
        parts[1].Signal();
        Assert.Null(two.Previous);
        Assert.Null(two.Find(1));
    }

    [Fact]
    public void ChainLink_ValidatesArguments()
    {
        FenceChain one = FenceChain.Link(null, Fence.Signalled, 3);
        Assert.Throws<ArgumentNullException>("fence", () => FenceChain.Link(one, null!, 4));
        Assert.Throws<ArgumentOutOfRangeException>("seqno", () => FenceChain.Link(one, Fence.Signalled, 3));
        Assert.Throws<ArgumentOutOfRangeException>("seqno", () => FenceChain.Link(one, Fence.Signalled, 2));
        Assert.Throws<ArgumentException>("fence", () => FenceChain.Link(one, one, 4));
    }

    [Fact]
    public void Unwrap_YieldsLeavesOfNestedArraysAndChains()
    {
        Fence[] parts = NewFences(5);
        FenceArray inner = Fence.All(parts[0], parts[1]);
        FenceChain chain = FenceChain.Link(FenceChain.Link(null, parts[2], 1), Fence.Any(parts[3]), 2);
        FenceArray outer = Fence.All(inner, chain, parts[4]);
        Assert.Equal(new[] { parts[0], parts[1], parts[3], parts[2], parts[4] }, Fence.Unwrap(outer));
        Assert.Equal(new[] { parts[4] }, Fence.Unwrap(parts[4]));
        Assert.Throws<ArgumentNullException>("fence", () => Fence.Unwrap(null!));
    }

    [Fact]
    public void LongChain_SignalsWithoutDeepRecursionProblems()
    {
        var timeline = new FenceTimeline("long");
        FenceChain? head = null;
        var fences = new List<Fence>();
        for (ulong i = 1; i <= 2000; i++)
        {
            Fence f = timeline.CreateFence();
            fences.Add(f);
            head = FenceChain.Link(head, f, i);
        }

        fences[^1].Signal(); // signals the whole timeline in order
        Assert.True(head!.IsSignalled);
    }
}

public class ContainerDepthTests
{
    private const int SmallStack = 256 * 1024;

    private static void OnSmallStack(Action action) => OnThread.Run(action, SmallStack, TimeSpan.FromSeconds(60));

    [Fact]
    public void LongChain_WhoseOldestFenceSignalsLast_DoesNotRecursePerLink()
    {
        // Each link waits for the previous one: signalling the oldest fence last completes every link at once.
        // Without deferral (the kernel's irq_work) this recursed once per link and overflowed the stack.
        OnSmallStack(() =>
        {
            const int Links = 50_000;
            var fences = new Fence[Links];
            FenceChain? head = null;
            int callbacks = 0;
            for (int i = 0; i < Links; i++)
            {
                fences[i] = new FenceTimeline("link").CreateFence();
                head = FenceChain.Link(head, fences[i], (ulong)i + 1);
                head.AddCallback(_ => callbacks++);
            }

            for (int i = Links - 1; i >= 0; i--)
            {
                fences[i].Signal();
            }

            Assert.True(head!.IsSignalled);
            Assert.Equal(Links, callbacks);
        });
    }

    [Fact]
    public void DeeplyNestedArrays_SignalWithoutDeepRecursion()
    {
        OnSmallStack(() =>
        {
            Fence leaf = new FenceTimeline("leaf").CreateFence();
            Fence current = leaf;
            for (int i = 0; i < 50_000; i++)
            {
                current = Fence.All(current);
            }

            leaf.Signal();
            Assert.True(current.IsSignalled);
        });
    }

    [Fact]
    public void ThrowingCallbackInACascade_DoesNotStopTheRestOfTheCascade()
    {
        Fence leaf = new FenceTimeline("leaf").CreateFence();
        FenceArray inner = Fence.All(leaf);
        FenceArray outer = Fence.All(inner);
        int outerRuns = 0;
        inner.AddCallback(_ => throw new InvalidOperationException("boom"));
        outer.AddCallback(_ => outerRuns++);
        Assert.Throws<AggregateException>(() => leaf.Signal());
        Assert.True(outer.IsSignalled);
        Assert.Equal(1, outerRuns);
    }
}
