using System.Text.Json;
using Camstreamd.Capture;
using Camstreamd.Streaming;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Http;

public sealed class ViewerLifecycleTests
{
    [Fact]
    public async Task StalledViewer_IsEvictedWithinTheStallTimeout_WhileANormalViewerKeepsTheFullRate()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(
            "--Camera:Source=testpattern", "--Camera:Width=640", "--Camera:Height=480", "--Camera:FramesPerSecond=20", "--Camera:JpegQuality=95", "--Streaming:StallTimeout=2");
        using HttpResponseMessage normal = await server.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
        MultipartReader reader = new(await normal.Content.ReadAsStreamAsync(), "camstreamdframe");
        await reader.ReadPartAsync(CancellationToken.None);

        using StalledSocket stalled = await StalledSocket.ConnectAsync(server.Port, "GET /stream HTTP/1.1\r\nHost: test\r\n\r\n");

        // The normal viewer reads on for 5 s: it must get every frame the source made meanwhile (the
        // source's own rate is what a loaded test machine may slow down; the stalled viewer must not).
        long capturedBefore = server.Get<StreamStatistics>().FramesCaptured;
        int frames = 0;
        DateTimeOffset start = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow - start < TimeSpan.FromSeconds(5))
        {
            await reader.ReadPartAsync(CancellationToken.None);
            frames++;
        }

        long captured = server.Get<StreamStatistics>().FramesCaptured - capturedBefore;
        Assert.InRange(frames, captured - 2, captured + 1);
        Assert.True(captured >= 5 * 20 * 0.8, $"the source made only {captured} frames in 5 s");
        using JsonDocument state = JsonDocument.Parse(await server.Client.GetStringAsync("/state"));
        Assert.Equal(1, state.RootElement.GetProperty("stream").GetProperty("evictions").GetInt64());
        Assert.Single(state.RootElement.GetProperty("stream").GetProperty("clients").EnumerateArray());

        // The server cut the stalled connection: draining it ends in EOF or a reset, soon after 2 s.
        TimeSpan cutAfter = await stalled.WaitUntilCutAsync(TimeSpan.FromSeconds(10));
        Assert.InRange(cutAfter.TotalSeconds, 2, 9);
    }

    [Fact]
    public async Task QuietSource_TheNewestFrameIsSentAgainEveryKeepaliveInterval_OnTheWallClock()
    {
        // A live folder with one picture: it is shown once, then the source waits for files that never come.
        using TempDirectory folder = new("camstreamd-keepalive-");
        await File.WriteAllBytesAsync(folder.File("only.jpg"), TestJpegs.Make(320, 240));
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(
            "--Camera:Source=folder", $"--Camera:Folder={folder.Path}", "--Camera:Loop=false", "--Streaming:KeepaliveInterval=0.5");
        using HttpResponseMessage response = await server.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
        MultipartReader reader = new(await response.Content.ReadAsStreamAsync(), "camstreamdframe");
        MultipartPart? first = await reader.ReadPartAsync(CancellationToken.None);
        Assert.NotNull(first);

        // Four keepalive parts, each once the viewer was sent nothing for 0.5 s by the supervisor's own thread. They must
        // come (within a patience a loaded machine cannot exhaust), and not sooner than the interval allows: about 2 s.
        List<MultipartPart> again = [];
        using CancellationTokenSource patience = new(TimeSpan.FromSeconds(20));
        long start = TimeProvider.System.GetTimestamp();
        while (again.Count < 4)
        {
            MultipartPart? part = await reader.ReadPartAsync(patience.Token);
            Assert.NotNull(part);
            again.Add(part);
        }

        TimeSpan took = TimeProvider.System.GetElapsedTime(start);
        Assert.True(took >= TimeSpan.FromSeconds(1.5), $"four keepalive parts came within {took.TotalSeconds:0.00} s; the interval is 0.5 s");
        Assert.Equal(1, server.Get<StreamStatistics>().FramesCaptured);
        Assert.All(again, part => Assert.Equal(first.Body, part.Body));
    }

    [Fact]
    public async Task Source_IsReleasedAfterTheIdleTimeout_AndStartedAgainByTheNextViewer()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120", "--Streaming:IdleTimeout=1");
        CaptureService capture = server.Get<CaptureService>();
        Assert.Equal(CaptureState.Idle, capture.Status.State);
        Assert.Equal(0, capture.Status.Starts);

        using (HttpResponseMessage response = await server.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead))
        {
            await new MultipartReader(await response.Content.ReadAsStreamAsync(), "camstreamdframe").ReadPartAsync(CancellationToken.None);
            Assert.Equal(CaptureState.Running, capture.Status.State);
        }

        await Task.Delay(500);
        Assert.Equal(CaptureState.Running, capture.Status.State);
        await Eventually.TrueAsync(() => capture.Status.State == CaptureState.Idle, TimeSpan.FromSeconds(5), () => $"still {capture.Status.State}");
        Assert.Equal(1, capture.Status.Stops);

        using HttpResponseMessage snapshot = await server.Client.GetAsync("/snapshot");
        Assert.True(snapshot.IsSuccessStatusCode);
        Assert.Equal(2, capture.Status.Starts);
        using JsonDocument state = JsonDocument.Parse(await server.Client.GetStringAsync("/state"));
        Assert.Equal(2, state.RootElement.GetProperty("source").GetProperty("starts").GetInt64());
    }

    [Fact]
    public async Task Snapshot_WaitingForASlowStart_HoldsTheSourceOpenPastTheIdleTimeout()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120", "--Camera:FramesPerSecond=0.5", "--Streaming:IdleTimeout=0.5", "--Streaming:SnapshotTimeout=5");
        CaptureService capture = server.Get<CaptureService>();

        // The first frame comes at once, so take it; the next one needs 2 s, longer than the idle timeout.
        (await server.Client.GetAsync("/snapshot")).Dispose();
        using IDisposable hold = capture.HoldDemand("a test");
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.Equal(CaptureState.Running, capture.Status.State);
        Assert.Equal(1, capture.Status.Starts);
    }

    [Fact]
    public async Task NewViewer_DuringShutdown_IsRefused()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120");
        server.Get<FrameBroadcaster>().CloseAll("the service is stopping");

        using HttpResponseMessage response = await server.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("shutting down", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdleTimeoutZero_KeepsTheSourceAlwaysOn()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120", "--Streaming:IdleTimeout=0");
        CaptureService capture = server.Get<CaptureService>();

        await Eventually.TrueAsync(() => capture.Status.State == CaptureState.Running, TimeSpan.FromSeconds(5), () => $"still {capture.Status.State}");
    }

    [Fact]
    public async Task Shutdown_EndsViewersStreamsCleanly()
    {
        CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120");
        using HttpResponseMessage response = await server.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
        MultipartReader reader = new(await response.Content.ReadAsStreamAsync(), "camstreamdframe");
        await reader.ReadPartAsync(CancellationToken.None);

        Task stopping = server.DisposeAsync().AsTask();
        MultipartPart? part;
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(10));
        do
        {
            part = await reader.ReadPartAsync(timeout.Token);
        }
        while (part is { IsLast: false });

        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
