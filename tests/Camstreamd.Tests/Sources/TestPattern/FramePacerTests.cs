using Camstreamd.Sources.TestPattern;
using Camstreamd.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Camstreamd.Tests.Sources.TestPattern;

public sealed class FramePacerTests
{
    private static readonly TimeSpan NoWait = TimeSpan.Zero;

    [Fact]
    public void WaitUntilDue_FirstFrame_IsDueAtOnce()
    {
        FramePacer pacer = new(new FakeTimeProvider(), 10);

        Assert.True(pacer.WaitUntilDue(NoWait, CancellationToken.None));
    }

    [Fact]
    public void WaitUntilDue_FollowsAbsoluteDeadlines_NotTimeSinceTheLastFrame()
    {
        FakeTimeProvider time = new();
        FramePacer pacer = new(time, 10);
        Assert.True(pacer.WaitUntilDue(NoWait, CancellationToken.None));
        pacer.Advance();

        // The frame took 60 ms to make; the next is still due 100 ms after the first, not 100 ms after now.
        time.Advance(TimeSpan.FromMilliseconds(60));
        Assert.False(pacer.WaitUntilDue(NoWait, CancellationToken.None));
        time.Advance(TimeSpan.FromMilliseconds(40));
        Assert.True(pacer.WaitUntilDue(NoWait, CancellationToken.None));
        pacer.Advance();
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(pacer.WaitUntilDue(NoWait, CancellationToken.None));
        Assert.Equal(0, pacer.Resyncs);
    }

    [Fact]
    public void WaitUntilDue_LateByMoreThanAPeriod_ResyncsInsteadOfBursting()
    {
        FakeTimeProvider time = new();
        FramePacer pacer = new(time, 10);
        Assert.True(pacer.WaitUntilDue(NoWait, CancellationToken.None));
        pacer.Advance();

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(pacer.WaitUntilDue(NoWait, CancellationToken.None));
        pacer.Advance();

        // Nine frames were missed; they are not sent back to back.
        Assert.False(pacer.WaitUntilDue(NoWait, CancellationToken.None));
        Assert.Equal(1, pacer.Resyncs);
    }

    [Fact]
    public void WaitUntilDue_Cancelled_ReturnsFalseWithoutWaitingTheFullTime()
    {
        FramePacer pacer = new(TimeProvider.System, 0.1);
        Assert.True(pacer.WaitUntilDue(NoWait, CancellationToken.None));
        pacer.Advance();
        using CancellationTokenSource cts = new();
        cts.Cancel();
        long start = TimeProvider.System.GetTimestamp();

        Assert.False(pacer.WaitUntilDue(TimeSpan.FromSeconds(5), cts.Token));
        Assert.True(TimeProvider.System.GetElapsedTime(start) < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void WaitUntilDue_FarDeadline_WaitsNoLongerThanMaxWait()
    {
        FramePacer pacer = new(TimeProvider.System, 0.1);
        Assert.True(pacer.WaitUntilDue(NoWait, CancellationToken.None));
        pacer.Advance();
        long start = TimeProvider.System.GetTimestamp();

        Assert.False(pacer.WaitUntilDue(TimeSpan.FromMilliseconds(50), CancellationToken.None));
        Assert.InRange(TimeProvider.System.GetElapsedTime(start), TimeSpan.FromMilliseconds(40), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void WaitUntilDue_AFrameIntervalAway_SleepsUntilItIsDue()
    {
        FramePacer pacer = new(TimeProvider.System, 40);
        Assert.True(pacer.WaitUntilDue(NoWait, CancellationToken.None));
        pacer.Advance();
        long start = TimeProvider.System.GetTimestamp();

        Assert.True(pacer.WaitUntilDue(TimeSpan.FromMilliseconds(500), CancellationToken.None));
        Assert.InRange(TimeProvider.System.GetElapsedTime(start), TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void WaitUntilDue_CancelledWithAFrameIntervalToGo_ReturnsFalse()
    {
        FramePacer pacer = new(TimeProvider.System, 25);
        Assert.True(pacer.WaitUntilDue(NoWait, CancellationToken.None));
        pacer.Advance();
        using CancellationTokenSource cts = new();
        cts.Cancel();

        Assert.False(pacer.WaitUntilDue(TimeSpan.FromMilliseconds(500), cts.Token));
    }
}
