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
        FakeTimeProvider clock = new();
        using CaptureDemand demand = new(clock);

        Assert.False(demand.IsWanted(viewers: 0, IdleTimeout));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.False(demand.IsWanted(viewers: 0, IdleTimeout));
    }

    [Fact]
    public void IsWanted_IdleTimeoutZero_IsAlwaysTrue()
    {
        using CaptureDemand demand = new(new FakeTimeProvider());

        Assert.True(demand.IsWanted(viewers: 0, TimeSpan.Zero));
    }

    [Fact]
    public void IsWanted_ViewerConnected_IsTrue()
    {
        using CaptureDemand demand = new(new FakeTimeProvider());

        Assert.True(demand.IsWanted(viewers: 1, IdleTimeout));
    }

    [Fact]
    public void IsWanted_LastViewerLeft_StaysTrueForIdleTimeoutThenFalse()
    {
        FakeTimeProvider clock = new();
        using CaptureDemand demand = new(clock);

        demand.ViewersChanged();
        clock.Advance(IdleTimeout - TimeSpan.FromMilliseconds(1));
        Assert.True(demand.IsWanted(viewers: 0, IdleTimeout));

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(demand.IsWanted(viewers: 0, IdleTimeout));
    }

    [Fact]
    public void Hold_OutlastsIdleTimeout_AndTheCountdownStartsWhenReleased()
    {
        FakeTimeProvider clock = new();
        using CaptureDemand demand = new(clock);

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
        FakeTimeProvider clock = new();
        using CaptureDemand demand = new(clock);
        IDisposable first = demand.Hold("first");
        using IDisposable second = demand.Hold("second");

        first.Dispose();
        first.Dispose();
        clock.Advance(IdleTimeout);

        Assert.True(demand.IsWanted(viewers: 0, IdleTimeout));
    }

    [Fact]
    public async Task WaitForDemand_ReturnsWhenTheFakeClockPassesTheTimeout()
    {
        TimerRecordingClock clock = new();
        using CaptureDemand demand = new(clock);
        Task waiting = Task.Factory.StartNew(() => demand.WaitForDemand(TimeSpan.FromSeconds(5), CancellationToken.None), TaskCreationOptions.LongRunning);
        await Eventually.TrueAsync(() => clock.DueTimes.Count == 1, TimeSpan.FromSeconds(10), () => "the wait started no timer");

        clock.Advance(TimeSpan.FromSeconds(4.999));
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(5), clock.DueTimes[0]);
    }

    [Fact]
    public async Task WaitForDemand_NewViewer_EndsTheWaitAtOnce()
    {
        TimerRecordingClock clock = new();
        using CaptureDemand demand = new(clock);
        Task waiting = Task.Factory.StartNew(() => demand.WaitForDemand(TimeSpan.FromHours(1), CancellationToken.None), TaskCreationOptions.LongRunning);
        await Eventually.TrueAsync(() => clock.DueTimes.Count == 1, TimeSpan.FromSeconds(10), () => "the wait started no timer");

        demand.ViewersChanged();

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("a viewer connected", demand.Reason);
    }

    [Fact]
    public async Task WaitForRetry_ViewersComingAndGoingAndSnapshots_WaitTheWholeBackoff()
    {
        TimerRecordingClock clock = new();
        using CaptureDemand demand = new(clock);
        Task waiting = Task.Factory.StartNew(() => demand.WaitForRetry(TimeSpan.FromSeconds(4), CancellationToken.None), TaskCreationOptions.LongRunning);
        await Eventually.TrueAsync(() => clock.DueTimes.Count == 1, TimeSpan.FromSeconds(10), () => "the wait started no timer");

        for (int i = 0; i < 10; i++)
        {
            demand.ViewersChanged();
            demand.Hold("a snapshot was requested by 127.0.0.1:5000").Dispose();
        }

        clock.Advance(TimeSpan.FromSeconds(3.999));
        // Given the time to return early, were it woken.
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted, "a request ended the backoff early");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WaitForRetry_Wake_EndsTheWaitAtOnce()
    {
        TimerRecordingClock clock = new();
        using CaptureDemand demand = new(clock);
        Task waiting = Task.Factory.StartNew(() => demand.WaitForRetry(TimeSpan.FromHours(1), CancellationToken.None), TaskCreationOptions.LongRunning);
        await Eventually.TrueAsync(() => clock.DueTimes.Count == 1, TimeSpan.FromSeconds(10), () => "the wait started no timer");

        demand.Wake();

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WaitForDemand_RequestsDuringTheBackoff_DoNotEndTheNextIdleWait()
    {
        TimerRecordingClock clock = new();
        using CaptureDemand demand = new(clock);
        Task retry = Task.Factory.StartNew(() => demand.WaitForRetry(TimeSpan.FromSeconds(1), CancellationToken.None), TaskCreationOptions.LongRunning);
        await Eventually.TrueAsync(() => clock.DueTimes.Count == 1, TimeSpan.FromSeconds(10), () => "the wait started no timer");
        demand.ViewersChanged();
        clock.Advance(TimeSpan.FromSeconds(1));
        await retry.WaitAsync(TimeSpan.FromSeconds(10));

        Task idle = Task.Factory.StartNew(() => demand.WaitForDemand(TimeSpan.FromSeconds(1), CancellationToken.None), TaskCreationOptions.LongRunning);
        await Eventually.TrueAsync(() => clock.DueTimes.Count == 2, TimeSpan.FromSeconds(10), () => "the idle wait started no timer");
        await Task.Delay(200);
        Assert.False(idle.IsCompleted, "a request already seen ended the idle wait");
        clock.Advance(TimeSpan.FromSeconds(1));
        await idle.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WaitForDemand_SystemClock_EndsByItsOwnTimeout()
    {
        // On the system clock the wait is timed by the wait itself, with no timer (no timer-thread and thread-pool
        // wake-up every idle second): it must still end after the timeout, and not before.
        using CaptureDemand demand = new(TimeProvider.System);
        long begin = TimeProvider.System.GetTimestamp();
        Task waiting = Task.Factory.StartNew(() => demand.WaitForDemand(TimeSpan.FromMilliseconds(300), CancellationToken.None), TaskCreationOptions.LongRunning);

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(TimeProvider.System.GetElapsedTime(begin) >= TimeSpan.FromMilliseconds(290), "the idle wait ended before its timeout");
    }

    [Fact]
    public async Task WaitForDemand_SystemClock_NewViewerEndsTheWaitAtOnce()
    {
        using CaptureDemand demand = new(TimeProvider.System);
        Task waiting = Task.Factory.StartNew(() => demand.WaitForDemand(TimeSpan.FromHours(1), CancellationToken.None), TaskCreationOptions.LongRunning);

        demand.ViewersChanged();

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("a viewer connected", demand.Reason);
    }

    [Fact]
    public async Task WaitForRetry_SystemClock_EndsByItsOwnTimeoutOrWake()
    {
        using CaptureDemand demand = new(TimeProvider.System);
        long begin = TimeProvider.System.GetTimestamp();
        await Task.Factory.StartNew(() => demand.WaitForRetry(TimeSpan.FromMilliseconds(300), CancellationToken.None), TaskCreationOptions.LongRunning)
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(TimeProvider.System.GetElapsedTime(begin) >= TimeSpan.FromMilliseconds(290), "the backoff ended before its timeout");

        Task woken = Task.Factory.StartNew(() => demand.WaitForRetry(TimeSpan.FromHours(1), CancellationToken.None), TaskCreationOptions.LongRunning);
        demand.Wake();
        await woken.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task WaitForDemand_SystemClock_StopEndsTheWait()
    {
        using CaptureDemand demand = new(TimeProvider.System);
        using CancellationTokenSource stopping = new();
        Task waiting = Task.Factory.StartNew(() => demand.WaitForDemand(TimeSpan.FromHours(1), stopping.Token), TaskCreationOptions.LongRunning);

        await stopping.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
