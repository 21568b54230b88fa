using Camstreamd.Configuration;
using Camstreamd.Frames;
using Camstreamd.Streaming;
using Camstreamd.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Camstreamd.Tests.Streaming;

public sealed class StreamSupervisorTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FrameBroadcaster _broadcaster = new();
    private readonly StreamStatistics _statistics = new();
    private readonly StreamSupervisor _supervisor;

    public StreamSupervisorTests()
    {
        SettingsStore settings = new(new CamstreamdSettings
        {
            Streaming = new StreamingOptions { StallTimeout = TimeSpan.FromSeconds(10), KeepaliveInterval = TimeSpan.FromSeconds(1) },
        });
        _supervisor = new StreamSupervisor(_broadcaster, _statistics, settings, _time, NullLogger<StreamSupervisor>.Instance);
    }

    [Fact]
    public void Check_EvictsAViewerWhoseWriteMadeNoProgressForTheStallTimeout()
    {
        FramePool pool = new(64);
        StreamClient stalled = Add();
        StreamClient healthy = Add();
        bool cut = false;
        stalled.OnAbort(() => cut = true);
        stalled.Enqueue(TestFrames.Rent(pool, 1));
        stalled.MarkWriteStarted();

        _time.Advance(TimeSpan.FromSeconds(9.9));
        healthy.MarkWriteStarted();
        healthy.MarkWritten(10);
        _supervisor.Check();
        Assert.False(stalled.IsClosed);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        _supervisor.Check();

        Assert.True(stalled.IsClosed);
        Assert.True(cut);
        Assert.Contains("no write progress for 10 s", stalled.CloseReason, StringComparison.Ordinal);
        Assert.False(healthy.IsClosed);
        _time.Advance(TimeSpan.FromSeconds(1));
        _supervisor.Check();
        Assert.Equal(1, _statistics.Evictions);
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public async Task Check_WakesAViewerThatWasSentNothingForTheKeepaliveInterval()
    {
        StreamClient quiet = Add();
        ValueTask<bool> waiting = quiet.WaitAsync();

        _time.Advance(TimeSpan.FromSeconds(0.5));
        _supervisor.Check();
        Assert.False(waiting.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(0.5));
        _supervisor.Check();

        Assert.True(await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Check_WhileFramesFlow_TheNextPassIsDueWhenTheQuietestViewerWouldNeedAKeepalive()
    {
        StreamClient early = Add();
        _time.Advance(TimeSpan.FromSeconds(0.2));
        StreamClient late = Add();
        _time.Advance(TimeSpan.FromSeconds(0.1));
        late.MarkWriteStarted();
        late.MarkWritten(10);

        TimeSpan next = _supervisor.Check();

        // early was sent nothing for 0.3 s: its keepalive is due in 0.7 s, before late's (1 s).
        Assert.Equal(TimeSpan.FromSeconds(0.7), next);
        Assert.False(early.IsClosed);
    }

    [Fact]
    public void Check_APendingWrite_TheNextPassIsDueAtItsStallDeadline_WhenThatComesFirst()
    {
        StreamClient stalled = Add();
        stalled.MarkWriteStarted();
        _time.Advance(TimeSpan.FromSeconds(9.5));

        Assert.Equal(TimeSpan.FromSeconds(0.5), _supervisor.Check());
        Assert.False(stalled.IsClosed);
    }

    [Fact]
    public void Check_NoViewer_TheNextPassIsAKeepaliveIntervalAway_AndNeverSoonerThanTheMinimumPeriod()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), _supervisor.Check());

        Add();
        _time.Advance(TimeSpan.FromSeconds(0.95));

        Assert.Equal(StreamSupervisor.MinimumPeriod, _supervisor.Check());
    }

    private StreamClient Add()
    {
        StreamClient client = new(1, "127.0.0.1:1", ViewerKind.Mjpeg, 2, null, _time);
        Assert.True(_broadcaster.TryAdd(client, 64));
        return client;
    }
}
