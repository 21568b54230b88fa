using Camstreamd.Configuration;
using Camstreamd.Streaming;
using Camstreamd.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Camstreamd.Tests.Streaming;

/// <summary>
/// The supervisor's passes run only while there is a viewer, each when the one before said the next is due: an idle
/// daemon has no timer, and a viewer's first pass is due a keepalive interval after it came (issue #12).
/// </summary>
public sealed class StreamSupervisorServiceTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task NoTimerWithoutViewers_AViewerStartsThePasses_TheLastOneLeavingStopsThem()
    {
        TimerRecordingClock clock = new();
        FrameBroadcaster broadcaster = new();
        SettingsStore settings = new(new CamstreamdSettings { Streaming = new StreamingOptions { KeepaliveInterval = TimeSpan.FromSeconds(1) } });
        StreamSupervisor supervisor = new(broadcaster, new StreamStatistics(), settings, clock, NullLogger<StreamSupervisor>.Instance);
        using StreamSupervisorService service = new(supervisor, broadcaster, clock);
        await service.StartAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => service.IsIdle, Generous, () => "the service never went idle without viewers");
        Assert.Empty(clock.DueTimes);

        StreamClient viewer = new(1, "127.0.0.1:1", ViewerKind.Mjpeg, 2, null, clock);
        Assert.True(broadcaster.TryAdd(viewer, 64));
        await Eventually.TrueAsync(() => clock.DueTimes.Count == 1 && !service.IsIdle, Generous, () => $"timers: {clock.DueTimes.Count}");
        Assert.Equal(TimeSpan.FromSeconds(1), clock.DueTimes[0]);

        // The passes run: a viewer sent nothing for the keepalive interval is woken.
        ValueTask<bool> waiting = viewer.WaitAsync();
        for (int i = 0; i < 20 && !waiting.IsCompleted; i++)
        {
            clock.Advance(StreamSupervisor.MinimumPeriod);
            await Task.Yield();
        }

        Assert.True(await waiting.AsTask().WaitAsync(Generous));

        broadcaster.Remove(viewer);
        clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => service.IsIdle, Generous, () => "the service kept its timer after the last viewer left");
        Assert.Single(clock.DueTimes);

        await service.StopAsync(CancellationToken.None);
    }
}
