using Camstreamd.Capture;
using Camstreamd.Configuration;
using Camstreamd.Frames;
using Camstreamd.Sources;
using Camstreamd.Status;
using Camstreamd.Streaming;
using Camstreamd.TestSupport;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Camstreamd.Tests.Capture;

/// <summary>The capture loop on a fake clock: demand, idle timeout, retry backoff and heartbeat, without waiting for real seconds.</summary>
public sealed class CaptureServiceTests : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly TimerRecordingClock _clock = new();
    private readonly RecordingLogger<CaptureService> _log = new();
    private readonly FrameBroadcaster _broadcaster = new();
    private CaptureService? _service;

    public async ValueTask DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.StopAsync(CancellationToken.None);
            _service.Dispose();
        }
    }

    [Fact]
    public async Task Snapshot_StartsTheIdleSource_AndIdleTimeoutReleasesItOnTheFakeClock()
    {
        CaptureService service = await StartAsync(new CameraOptions { Source = "testpattern", Width = 64, Height = 48 }, idleTimeout: TimeSpan.FromSeconds(5));
        Assert.Equal(CaptureState.Idle, service.Status.State);

        using (service.HoldDemand("a test asked"))
        {
            await Eventually.TrueAsync(() => service.Status.State == CaptureState.Running, Wait, () => $"state {service.Status.State}");
        }

        // Just short of IdleTimeout after the hold ended: once the loop has gone round at this time, it still runs.
        _clock.Advance(TimeSpan.FromSeconds(4.9));
        await WaitForRoundAtAsync(service, _clock.GetTimestamp());
        Assert.Equal(CaptureState.Running, service.Status.State);

        _clock.Advance(TimeSpan.FromSeconds(0.1));
        await Eventually.TrueAsync(() => service.Status.State == CaptureState.Idle, Wait, () => $"state {service.Status.State}");
        Assert.Contains(_log.Entries, e => e.EventId.Id == 202 && e.Message.Contains("no viewers for 5 s", StringComparison.Ordinal));
        Assert.Single(_log.Entries, e => e.EventId.Id == 200 && e.Message.Contains("because a test asked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FailingSource_IsRetriedAfter1_2_4_8_10_10Seconds()
    {
        CaptureService service = await StartAsync(new CameraOptions { Source = "v4l2", Device = "/nonexistent/video99" }, idleTimeout: TimeSpan.FromSeconds(5));
        // Nobody asked yet: the loop waits its idle poll, which the demand below cuts short.
        await Eventually.TrueAsync(() => _clock.DueTimes.Count == 1, Wait, () => "the idle loop started no wait");
        using IDisposable hold = service.HoldDemand("a test asked");

        double[] expected = [1, 2, 4, 8, 10, 10];
        for (int i = 0; i < expected.Length; i++)
        {
            // The loop has tried i + 1 times and waits on the fake clock: advancing by its wait starts the next try.
            int waits = i + 2;
            await Eventually.TrueAsync(() => _clock.DueTimes.Count == waits, Wait, () => $"{_clock.DueTimes.Count} waits, expected {waits}");
            Assert.Equal(TimeSpan.FromSeconds(expected[i]), _clock.DueTimes[waits - 1]);
            Assert.Equal(i + 1, Starts());
            _clock.Advance(_clock.DueTimes[waits - 1]);
        }

        // The last try is logged as it starts; it has failed once the loop waits for the next one.
        await Eventually.TrueAsync(() => _clock.DueTimes.Count == expected.Length + 2, Wait, () => $"{Starts()} tries, {_clock.DueTimes.Count} waits");
        Assert.Equal(expected.Length + 1, Starts());
        Assert.Equal(CaptureState.Failed, service.Status.State);
        Assert.Contains("/nonexistent/video99", service.Status.LastError, StringComparison.Ordinal);
        // One warning for a failure that keeps saying the same, not one per try.
        Assert.Single(_log.Entries, e => e.EventId.Id == 203);
    }

    // Every departure and snapshot once woke the loop out of its backoff: a broken camera with viewers coming and
    // going, or a client polling /snapshot, was retried with no backoff at all.
    [Fact]
    public async Task FailingSource_ViewersLeavingAndSnapshotPollsDuringTheBackoff_StillWaitTheBackoff()
    {
        CaptureService service = await StartAsync(new CameraOptions { Source = "v4l2", Device = "/nonexistent/video99" }, idleTimeout: TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => _clock.DueTimes.Count == 1, Wait, () => "the idle loop started no wait");
        StreamClient staying = new(1, "127.0.0.1:40000", ViewerKind.Mjpeg, capacity: 2, fpsLimit: null, _clock);
        Assert.True(_broadcaster.TryAdd(staying, maxClients: 10));

        // The first try failed; the loop waits its 1 s backoff.
        await Eventually.TrueAsync(() => _clock.DueTimes.Count == 2, Wait, () => $"{_clock.DueTimes.Count} waits, expected 2");
        Assert.Equal(TimeSpan.FromSeconds(1), _clock.DueTimes[1]);
        for (int i = 0; i < 20; i++)
        {
            StreamClient passing = new(2 + i, "127.0.0.1:40001", ViewerKind.Mjpeg, capacity: 2, fpsLimit: null, _clock);
            Assert.True(_broadcaster.TryAdd(passing, maxClients: 10));
            _broadcaster.Remove(passing);
            service.HoldDemand("a snapshot was requested by 127.0.0.1:40002").Dispose();
        }

        // Given the time to try again, were it woken.
        await Task.Delay(500);
        Assert.Equal(1, Starts());
        Assert.Equal(2, _clock.DueTimes.Count);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => _clock.DueTimes.Count == 3, Wait, () => $"{_clock.DueTimes.Count} waits, expected 3");
        Assert.Equal(2, Starts());
        Assert.Equal(TimeSpan.FromSeconds(2), _clock.DueTimes[2]);
        _broadcaster.Remove(staying);
    }

    [Fact]
    public async Task Heartbeat_IdleLoopOnTheFakeClock_StaysHealthyPastTheAllowance()
    {
        CaptureService service = await StartAsync(new CameraOptions { Source = "testpattern" }, idleTimeout: TimeSpan.FromSeconds(5));
        CaptureServiceStatus status = new(service, _broadcaster, new SettingsStore(new CamstreamdSettings()), _clock);

        for (int second = 1; second <= 60; second++)
        {
            // Each idle round waits CaptureService.IdlePoll on the clock; the next round beats.
            await Eventually.TrueAsync(() => _clock.DueTimes.Count == second, Wait, () => $"{_clock.DueTimes.Count} idle rounds, expected {second}");
            _clock.Advance(CaptureService.IdlePoll);
        }

        await WaitForRoundAtAsync(service, _clock.GetTimestamp());
        Assert.True(status.IsHealthy(out string reason), reason);
        Assert.Equal(CaptureState.Idle, service.Status.State);
    }

    [Fact]
    public void Heartbeat_LoopSilentPastTheAllowance_IsUnhealthyWithTheReason()
    {
        // Not started: the loop never beats after construction, as when it hangs.
        _service = NewService(new CameraOptions { Source = "testpattern", DeviceTimeout = TimeSpan.FromSeconds(2) }, TimeSpan.FromSeconds(5));
        CaptureServiceStatus status = new(_service, _broadcaster, new SettingsStore(new CamstreamdSettings { Camera = new CameraOptions { DeviceTimeout = TimeSpan.FromSeconds(2) } }), _clock);

        // Allowed: the longest backoff plus 5 s, plus twice Camera:DeviceTimeout = 19 s.
        _clock.Advance(TimeSpan.FromSeconds(19));
        Assert.True(status.IsHealthy(out _));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(status.IsHealthy(out string reason));
        Assert.Contains("has not gone round for 20 s (allowed 19 s): hung", reason, StringComparison.Ordinal);
    }

    private int Starts() => _log.Entries.Count(e => e.EventId.Id == 200);

    private async Task<CaptureService> StartAsync(CameraOptions camera, TimeSpan idleTimeout)
    {
        _service = NewService(camera, idleTimeout);
        await _service.StartAsync(CancellationToken.None);
        return _service;
    }

    private CaptureService NewService(CameraOptions camera, TimeSpan idleTimeout)
    {
        SettingsStore settings = new(new CamstreamdSettings { Camera = camera, Streaming = new StreamingOptions { IdleTimeout = idleTimeout } });
        return new CaptureService(
            new FrameSourceFactory(_clock, NullLoggerFactory.Instance),
            _broadcaster,
            new FramePool(),
            new StreamStatistics(),
            settings,
            _clock,
            new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance),
            _log,
            new Camstreamd.Privacy.PrivacyMode(_clock, NullLogger<Camstreamd.Privacy.PrivacyMode>.Instance));
    }

    /// <summary>Waits until the loop has gone round (beaten) at the fake clock's <paramref name="timestamp"/>.</summary>
    private static Task WaitForRoundAtAsync(CaptureService service, long timestamp) =>
        Eventually.TrueAsync(() => service.HeartbeatAt >= timestamp, Wait, () => "the loop did not go round");
}
