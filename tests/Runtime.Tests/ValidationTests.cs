using FenceGuard;

namespace FenceGuard.Runtime.Tests;

/// <summary>The validator's mode is process-wide: these tests run alone.</summary>
[CollectionDefinition(nameof(ValidatorCollection), DisableParallelization = true)]
public sealed class ValidatorCollection
{
}

[Collection(nameof(ValidatorCollection))]
public sealed class ValidationTests : IDisposable
{
    public ValidationTests()
    {
        FenceValidation.Mode = FenceValidationMode.Off;
        FenceValidation.ClearViolations();
    }

    public void Dispose()
    {
        FenceValidation.Mode = FenceValidationMode.Off;
        FenceValidation.ClearViolations();
        FenceValidation.ForgetLockOrders();
    }

    // Made before any section opens: creating a fence may allocate, and an allocation inside a section is a violation of its own.
    private static readonly Fence SignalledFence = MakeSignalled();

    private static Fence MakeSignalled()
    {
        Fence fence = new FenceTimeline("v").CreateFence();
        fence.Signal();
        return fence;
    }

    private static Fence Signalled() => SignalledFence;

    public static TheoryData<string, Action, FenceViolationKind> WaitsInsideASection => new()
    {
        { "Fence.Wait(timeout)", () => Signalled().Wait(TimeSpan.Zero), FenceViolationKind.WaitInSignallingSection },
        { "Fence.Wait()", () => Signalled().Wait(), FenceViolationKind.WaitInSignallingSection },
        { "Fence.WaitAsync()", () => Signalled().WaitAsync(), FenceViolationKind.WaitInSignallingSection },
        { "Fence.WaitAsync(timeout)", () => Signalled().WaitAsync(TimeSpan.Zero), FenceViolationKind.WaitInSignallingSection },
        { "Fence.GetAwaiter()", () => Signalled().GetAwaiter(), FenceViolationKind.WaitInSignallingSection },
        { "Fence.MightWait()", Fence.MightWait, FenceViolationKind.MightWaitInSignallingSection },
        { "Fence.MightReclaim()", Fence.MightReclaim, FenceViolationKind.ReclaimInSignallingSection },
        { "ReservationObject.Wait", () => new ReservationObject().Wait(FenceUsage.Read, TimeSpan.Zero), FenceViolationKind.ReservationWaitInSignallingSection },
        { "UserFence.Wait", () => { var u = new UserFence("u"); u.Signal(); u.Wait(TimeSpan.Zero); }, FenceViolationKind.WaitInSignallingSection },
        { "UserFence.WaitAsync", () => new UserFence("u").WaitAsync(TimeSpan.Zero), FenceViolationKind.WaitInSignallingSection },
    };

    [Theory]
    [MemberData(nameof(WaitsInsideASection))]
    public void ThrowMode_WaitInsideSection_ThrowsEvenWhenTheFenceIsSignalled(string what, Action wait, FenceViolationKind kind)
    {
        FenceValidation.Mode = FenceValidationMode.Throw;
        int line = 0;
        using (Fence.BeginSignalling())
        {
            line = CurrentLine() - 2;
            var ex = Assert.Throws<FenceDeadlockException>(wait);
            Assert.Equal(kind, ex.Violation.Kind);
            Assert.IsAssignableFrom<InvalidOperationException>(ex);
            Assert.Contains("ValidationTests.cs:" + line, ex.Violation.SectionOpenedAt, StringComparison.Ordinal);
            Assert.Contains(nameof(ThrowMode_WaitInsideSection_ThrowsEvenWhenTheFenceIsSignalled), ex.Violation.SectionOpenedAt, StringComparison.Ordinal);
            Assert.Contains(nameof(ValidationTests), ex.Violation.CallSite, StringComparison.Ordinal);
            Assert.Contains("section was opened at", ex.Message, StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(what));
        }
    }

    [Theory]
    [MemberData(nameof(WaitsInsideASection))]
    public void AnyMode_WaitOutsideSection_IsFine(string what, Action wait, FenceViolationKind kind)
    {
        FenceValidation.Mode = FenceValidationMode.Throw;
        wait();
        FenceValidation.Mode = FenceValidationMode.Record;
        wait();
        Assert.Empty(FenceValidation.Violations);
        Assert.NotNull(what);
        Assert.True(Enum.IsDefined(kind));
    }

    [Fact]
    public void RecordMode_RecordsAndContinues()
    {
        FenceValidation.Mode = FenceValidationMode.Record;
        Fence fence = Signalled();
        bool result;
        using (Fence.BeginSignalling())
        {
            result = fence.Wait(TimeSpan.Zero);
            Fence.MightWait();
        }

        Assert.True(result);
        IReadOnlyList<FenceViolation> violations = FenceValidation.Violations;
        Assert.Equal(new[] { FenceViolationKind.WaitInSignallingSection, FenceViolationKind.MightWaitInSignallingSection }, violations.Select(v => v.Kind));
        Assert.All(violations, v => Assert.Equal(Environment.CurrentManagedThreadId, v.ThreadId));
        Assert.Contains("Fence.Wait", violations[0].Message, StringComparison.Ordinal);
        Assert.Contains("ValidationTests.cs", violations[0].ToString(), StringComparison.Ordinal);
        FenceValidation.ClearViolations();
        Assert.Empty(FenceValidation.Violations);
    }

    [Fact]
    public void OffMode_ReportsNothing()
    {
        using (Fence.BeginSignalling())
        {
            Signalled().Wait(TimeSpan.Zero);
            Fence.MightWait();
        }

        Fence.EndSignalling(default);
        Assert.Empty(FenceValidation.Violations);
    }

    [Fact]
    public void Mode_RejectsUnknownValues()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FenceValidation.Mode = (FenceValidationMode)9);
        Assert.Equal(FenceValidationMode.Off, FenceValidation.Mode);
    }

    [Fact]
    public void WaitInsideAFenceCallback_IsReportedWithTheCallbacksFence()
    {
        FenceValidation.Mode = FenceValidationMode.Record;
        Fence trigger = new FenceTimeline("irq").CreateFence();
        Fence other = Signalled();
        trigger.AddCallback(_ => other.Wait(TimeSpan.Zero));
        trigger.Signal();
        FenceViolation violation = Assert.Single(FenceValidation.Violations);
        Assert.Equal(FenceViolationKind.WaitInSignallingSection, violation.Kind);
        Assert.Contains("callback of fence irq#1", violation.SectionOpenedAt, StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowMode_WaitInsideACallback_SurfacesFromSignal_AfterAllCallbacksRan()
    {
        FenceValidation.Mode = FenceValidationMode.Throw;
        Fence trigger = new FenceTimeline("irq").CreateFence();
        int ran = 0;
        trigger.AddCallback(_ => Fence.MightWait());
        trigger.AddCallback(_ => ran++);
        var aggregate = Assert.Throws<AggregateException>(() => trigger.Signal());
        Assert.IsType<FenceDeadlockException>(Assert.Single(aggregate.InnerExceptions));
        Assert.Equal(1, ran);
        Assert.False(Fence.IsInSignallingSection);
    }

    [Fact]
    public void Sections_NestAndTrackDepth()
    {
        Assert.False(Fence.IsInSignallingSection);
        SignallingSection outer = Fence.BeginSignalling();
        SignallingSection inner = Fence.BeginSignalling();
        Assert.Equal(1, outer.Depth);
        Assert.Equal(2, inner.Depth);
        Assert.NotEqual(outer, inner);
        Fence.EndSignalling(inner);
        Assert.True(Fence.IsInSignallingSection);
        Fence.EndSignalling(outer);
        Assert.False(Fence.IsInSignallingSection);
    }

    [Fact]
    public void EndTwice_IsAnUnbalancedEnd()
    {
        FenceValidation.Mode = FenceValidationMode.Record;
        SignallingSection section = Fence.BeginSignalling();
        SignallingSection copy = section;
        section.Dispose();
        copy.Dispose();
        Fence.EndSignalling(default);
        Assert.Equal(new[] { FenceViolationKind.UnbalancedEnd, FenceViolationKind.UnbalancedEnd }, FenceValidation.Violations.Select(v => v.Kind));
        Assert.False(Fence.IsInSignallingSection);
    }

    [Fact]
    public void EndingAStaleCopyAfterANewSectionOpened_DoesNotCloseTheNewOne()
    {
        FenceValidation.Mode = FenceValidationMode.Record;
        SignallingSection first = Fence.BeginSignalling();
        Fence.EndSignalling(first);
        SignallingSection second = Fence.BeginSignalling(); // same depth, new generation
        Fence.EndSignalling(first);
        Assert.True(Fence.IsInSignallingSection);
        Assert.Equal(FenceViolationKind.UnbalancedEnd, Assert.Single(FenceValidation.Violations).Kind);
        Fence.EndSignalling(second);
        Assert.False(Fence.IsInSignallingSection);
    }

    [Fact]
    public void EndingOuterBeforeInner_IsReported_AndClosesBoth()
    {
        FenceValidation.Mode = FenceValidationMode.Record;
        SignallingSection outer = Fence.BeginSignalling();
        SignallingSection inner = Fence.BeginSignalling();
        Fence.EndSignalling(outer);
        Assert.False(Fence.IsInSignallingSection);
        Fence.EndSignalling(inner);
        Assert.Equal(new[] { FenceViolationKind.UnbalancedEnd, FenceViolationKind.UnbalancedEnd }, FenceValidation.Violations.Select(v => v.Kind));
    }

    [Fact]
    public void EndOnAnotherThread_IsReported_AndTheOpeningThreadIsNotLeftInASection()
    {
        FenceValidation.Mode = FenceValidationMode.Record;
        SignallingSection section = default;
        bool stillInSectionAfterRemoteEnd = true;
        using var opened = new ManualResetEventSlim();
        using var ended = new ManualResetEventSlim();
        var opener = new Thread(() =>
        {
            section = Fence.BeginSignalling();
            opened.Set();
            ended.Wait();
            stillInSectionAfterRemoteEnd = Fence.IsInSignallingSection;
        });
        opener.Start();
        opened.Wait();
        Fence.EndSignalling(section);
        ended.Set();
        Assert.True(opener.Join(TimeSpan.FromSeconds(10)));
        Assert.False(stillInSectionAfterRemoteEnd);
        FenceViolation violation = Assert.Single(FenceValidation.Violations);
        Assert.Equal(FenceViolationKind.EndedOnOtherThread, violation.Kind);
        Assert.Contains("ValidationTests.cs", violation.SectionOpenedAt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwaitInsideASection_EndsOnAnotherThread_AndIsReported()
    {
        FenceValidation.Mode = FenceValidationMode.Record;
        await Task.Run(async () =>
        {
            SignallingSection section = Fence.BeginSignalling();
            int before = Environment.CurrentManagedThreadId;
            for (int i = 0; i < 20 && Environment.CurrentManagedThreadId == before; i++)
            {
                await Task.Delay(1).ConfigureAwait(false);
                await Task.Yield();
            }

            if (Environment.CurrentManagedThreadId != before)
            {
                Fence.EndSignalling(section);
                Assert.Equal(FenceViolationKind.EndedOnOtherThread, Assert.Single(FenceValidation.Violations).Kind);
            }
            else
            {
                Fence.EndSignalling(section); // stayed on one thread (rare): nothing to report
                Assert.Empty(FenceValidation.Violations);
            }
        });
    }

    [Fact]
    public void AddFenceWithoutReservedSlot_IsReported_InThrowModeAsFenceDeadlockException()
    {
        var resv = new ReservationObject();
        Fence fence = new FenceTimeline("r").CreateFence();
        using (resv.Lock())
        {
            FenceValidation.Mode = FenceValidationMode.Record;
            Assert.Throws<InvalidOperationException>(() => resv.AddFence(fence, FenceUsage.Write));
            Assert.Equal(FenceViolationKind.AddFenceWithoutReservedSlot, Assert.Single(FenceValidation.Violations).Kind);

            FenceValidation.Mode = FenceValidationMode.Throw;
            using (Fence.BeginSignalling())
            {
                var ex = Assert.Throws<FenceDeadlockException>(() => resv.AddFence(fence, FenceUsage.Write));
                Assert.Equal(FenceViolationKind.AddFenceWithoutReservedSlot, ex.Violation.Kind);
                Assert.NotNull(ex.Violation.SectionOpenedAt);
            }
        }
    }

    [Fact]
    public void AddFenceIntoReservedSlot_InsideASection_IsFine()
    {
        FenceValidation.Mode = FenceValidationMode.Throw;
        var resv = new ReservationObject();
        Fence fence = new FenceTimeline("r").CreateFence();
        using (resv.Lock())
        {
            resv.ReserveSlots(1);
            using (Fence.BeginSignalling())
            {
                resv.AddFence(fence, FenceUsage.Write);
                fence.Signal();
            }
        }

        Assert.True(resv.TestSignalled(FenceUsage.Bookkeep));
    }

    [Fact]
    public void Exception_RequiresAViolation()
    {
        Assert.Throws<ArgumentNullException>("violation", () => new FenceDeadlockException(null!));
    }

    [Fact]
    public void ModeChanges_AreThreadSafe()
    {
        Parallel.For(0, 2000, i =>
        {
            FenceValidation.Mode = (FenceValidationMode)(i % 2); // Off / Record
            using (Fence.BeginSignalling())
            {
                Fence.MightWait();
            }
        });
        FenceValidation.Mode = FenceValidationMode.Off;
        Assert.All(FenceValidation.Violations, v => Assert.Equal(FenceViolationKind.MightWaitInSignallingSection, v.Kind));
    }

    private static int CurrentLine([System.Runtime.CompilerServices.CallerLineNumber] int line = 0) => line;
}
