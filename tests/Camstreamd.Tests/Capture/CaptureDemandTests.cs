using Camstreamd.Capture;
using Camstreamd.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Camstreamd.Tests.Capture;

public sealed class CaptureDemandTests
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void IsWanted_NobodyAskedYet_IsFalseHoweverLongItWaits()
    {
        var clock = new FakeTimeProvider();
        using var demand = new CaptureDemand(clock);

        Assert.False(demand.IsWanted(viewers: 0, IdleTimeout));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.False(demand.IsWanted(viewers: 0, IdleTimeout));
    }

    [Fact]
    public void IsWanted_IdleTimeoutZero_IsAlwaysTrue()
    {
        using var demand = new CaptureDemand(new FakeTimeProvider());

        Assert.True(demand.IsWanted(viewers: 0, TimeSpan.Zero));
    }

    [Fact]
    public void IsWanted_ViewerConnected_IsTrue()
    {
        using var demand = new CaptureDemand(new FakeTimeProvider());

        Assert.True(demand.IsWanted(viewers: 1, IdleTimeout));
    }

    [Fact]
    public void IsWanted_LastViewerLeft_StaysTrueForIdleTimeoutThenFalse()
    {
        var clock = new FakeTimeProvider();
        using var demand = new CaptureDemand(clock);

        demand.ViewersChanged();
        clock.Advance(IdleTimeout - TimeSpan.FromMilliseconds(1));
        Assert.True(demand.IsWanted(viewers: 0, IdleTimeout));

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(demand.IsWanted(viewers: 0, IdleTimeout));
    }

    [Fact]
    public void Hold_OutlastsIdleTimeout_AndTheCountdownStartsWhenReleased()
    {
        var clock = new FakeTimeProvider();
        using var demand = new CaptureDemand(clock);

        IDisposable hold = demand.Hold("a snapshot was requested by 127.0.0.1:5000");
        Assert.Equal("a snapshot was requested by 127.0.0.1:5000", demand.Reason);
        clock.Advance(IdleTimeout * 3);
        Assert.True(demand.IsWanted(viewers: 0, IdleTimeout));

        hold.Dispose();
        clock.Advance(IdleTimeout - TimeSpan.FromSeconds(1));
        Assert.True(demand.IsWanted(viewers: 0, IdleTimeout));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(demand.IsWanted(viewers: 0, IdleTimeout));
    }

    [Fact]
    public void Hold_DisposedTwice_ReleasesOnce()
    {
        var clock = new FakeTimeProvider();
        using var demand = new CaptureDemand(clock);
        IDisposable first = demand.Hold("first");
        using IDisposable second = demand.Hold("second");

        first.Dispose();
        first.Dispose();
        clock.Advance(IdleTimeout);

        Assert.True(demand.IsWanted(viewers: 0, IdleTimeout));
    }

    [Fact]
    public async Task WaitForWake_ReturnsWhenTheFakeClockPassesTheTimeout()
    {
        var clock = new TimerRecordingClock();
        using var demand = new CaptureDemand(clock);
        var waiting = Task.Factory.StartNew(() => demand.WaitForWake(TimeSpan.FromSeconds(5), CancellationToken.None), TaskCreationOptions.LongRunning);
        await Eventually.TrueAsync(() => clock.DueTimes.Count == 1, TimeSpan.FromSeconds(10), () => "the wait started no timer");

        clock.Advance(TimeSpan.FromSeconds(4.999));
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(5), clock.DueTimes[0]);
    }

    [Fact]
    public async Task WaitForWake_NewViewer_EndsTheWaitAtOnce()
    {
        var clock = new TimerRecordingClock();
        using var demand = new CaptureDemand(clock);
        var waiting = Task.Factory.StartNew(() => demand.WaitForWake(TimeSpan.FromHours(1), CancellationToken.None), TaskCreationOptions.LongRunning);
        await Eventually.TrueAsync(() => clock.DueTimes.Count == 1, TimeSpan.FromSeconds(10), () => "the wait started no timer");

        demand.ViewersChanged();

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("a viewer connected", demand.Reason);
    }
}
