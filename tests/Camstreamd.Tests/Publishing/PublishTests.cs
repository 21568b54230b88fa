using System.Diagnostics;
using System.Text.Json;
using Camstreamd.Configuration.Reload;
using Camstreamd.Publishing;
using Camstreamd.Security;
using Camstreamd.Streaming;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Publishing;

/// <summary>
/// The real daemon publishing its test pattern to real servers on 127.0.0.1: nginx's RTMP module and
/// ffmpeg listening as an RTSP server, both recording what they receive, read back with ffprobe.
/// </summary>
public sealed class PublishTests : IDisposable
{
    private const int Width = 640;
    private const int Height = 360;
    private const double SourceFps = 25;
    private static readonly TimeSpan StreamFor = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StateWait = TimeSpan.FromSeconds(30);

    // A viewer whose stream publishing disturbed would see it end, or a gap of Streaming:StallTimeout (10 s);
    // the keepalive fills quiet seconds. Above that 1 s, only a loaded machine's scheduling (seen: 1.7 s).
    private static readonly TimeSpan ViewerGapAllowed = TimeSpan.FromSeconds(3);
    private static readonly string[] TestPattern = ["--Camera:Source=testpattern", $"--Camera:Width={Width}", $"--Camera:Height={Height}", $"--Camera:FramesPerSecond={SourceFps}"];

    private readonly TempDirectory _directory = new("camstreamd-publish-");

    [Fact]
    public async Task Rtmp_H264_IsRecordedByNginx_AtTheSizeAndRate_PacedToTheWallClock_WithTheKeyOffFfmpegsCommandLine()
    {
        await using NginxRtmpServer nginx = await NginxRtmpServer.StartAsync();
        string url = $"rtmp://127.0.0.1:{nginx.Port}/live/cam?pass=streamKey42";
        CamstreamdServer server = await CamstreamdServer.StartAsync([.. TestPattern, $"--Publish:Targets:0:Url={url}"]);
        StreamedWindow window;
        try
        {
            window = await StreamForAWhileAsync(server);
            PublishTargetSnapshot target = server.Get<PublishService>().Targets[0];
            Assert.Equal(("h264", "libx264"), (target.Codec, target.Encoder));
            string commandLine = await File.ReadAllTextAsync($"/proc/{target.Pid}/cmdline");
            Assert.Contains($"rtmp://127.0.0.1:{nginx.Port}", commandLine, StringComparison.Ordinal);
            Assert.DoesNotContain("streamKey42", commandLine, StringComparison.Ordinal);
            Assert.DoesNotContain("live/cam", commandLine, StringComparison.Ordinal);
            await AssertStateJsonAsync(server, $"rtmp://127.0.0.1:{nginx.Port}/live/***?pass=***", "publishing");
        }
        finally
        {
            await server.DisposeAsync();
        }

        DateTimeOffset stopped = DateTimeOffset.UtcNow;
        await nginx.StopAsync();
        Recording recording = await Recording.ProbeAsync(Path.Combine(nginx.RecordingFolder, "cam.flv"));
        AssertPacedRecording(recording, "h264", window.Bounds(stopped), nginx.Output);
        Assert.InRange(recording.FramesPerSecond, SourceFps * 0.95, SourceFps * 1.05);
    }

    [Fact]
    public async Task Rtsp_H264_IsRecordedByAListener_PacedToTheWallClock_WithMonotonicTimestamps()
    {
        (Recording recording, string encoder) = await RecordOverRtspAsync("h264", "--Publish:Targets:0:Bitrate=800k");

        Assert.Equal("libx264", encoder);
        Assert.InRange(recording.FramesPerSecond, SourceFps * 0.95, SourceFps * 1.05);
    }

    [Fact]
    public async Task Rtsp_Mjpeg_SendsTheCameraJpegsAsTheyAre_PacedToTheWallClock()
    {
        (Recording recording, string encoder) = await RecordOverRtspAsync("mjpeg", "--Publish:Targets:0:Codec=mjpeg");

        Assert.Equal("copy", encoder);
        // Frames as captured, none invented: at most the source's rate (a few may be dropped under load).
        Assert.InRange(recording.FramesPerSecond, SourceFps * 0.8, SourceFps * 1.05);
    }

    [Fact]
    public async Task ServerKilledAndRestarted_TargetRetriesThenPublishesAgain_TheViewerNeverNotices_AndFfmpegsNeverPileUp()
    {
        int port = DaemonProcess.FreePort();
        string address = $"rtsp://127.0.0.1:{port}/cam";
        RtspListener first = await RtspListener.StartAsync(port, _directory.File("first.mkv"));
        await using CamstreamdServer server = await CamstreamdServer.StartAsync([.. TestPattern, $"--Publish:Targets:0:Url={address}"]);
        await using FfmpegCensus census = new(address);
        int firstPid = (await WaitForStateAsync(server, PublishTargetState.Publishing)).Pid;
        await using WatchingViewer viewer = await WatchingViewer.StartAsync(server.Client);
        long watchedFrom = Stopwatch.GetTimestamp();

        await first.KillAsync();
        await first.DisposeAsync();
        PublishTargetSnapshot retrying = await WaitForStateAsync(server, PublishTargetState.Retrying);
        Assert.False(string.IsNullOrEmpty(retrying.LastError), "a retrying target says why");
        Assert.Contains("ffmpeg", retrying.LastError, StringComparison.Ordinal);

        // Down for a while: several tries fail (backoff 1 s, 2 s, 4 s...), one ffmpeg at a time.
        await Task.Delay(TimeSpan.FromSeconds(4));
        await using RtspListener second = await RtspListener.StartAsync(port, _directory.File("second.mkv"));
        PublishTargetSnapshot again = await WaitForStateAsync(server, PublishTargetState.Publishing);

        Assert.NotEqual(firstPid, again.Pid);
        Assert.True(again.Restarts >= 1, $"restarts: {again.Restarts}");
        Assert.True(census.Samples > 20, "the census ran");
        Assert.Equal(1, census.Most);
        Assert.Null(viewer.Error);
        Assert.False(viewer.Ended, "the viewer's stream must not end");
        Assert.InRange(viewer.LongestGapSince(watchedFrom), TimeSpan.Zero, ViewerGapAllowed);
        Assert.True(viewer.Frames > 50, $"the viewer received {viewer.Frames} frames");
    }

    [Fact]
    public async Task Reload_StartsNewTargetsAndStopsRemovedOnes_LeavingTheOthersAndTheViewersAlone()
    {
        await using NginxRtmpServer nginx = await NginxRtmpServer.StartAsync();
        string kept = $"rtmp://127.0.0.1:{nginx.Port}/live/kept";
        string removed = $"rtmp://127.0.0.1:{nginx.Port}/live/removed";
        string added = $"rtmp://127.0.0.1:{nginx.Port}/live/added";
        string config = _directory.File("appsettings.json");
        await File.WriteAllTextAsync(config, Targets(kept, removed));
        await using CamstreamdServer server = await CamstreamdServer.StartAsync([.. TestPattern, "--config", config]);
        PublishService publish = server.Get<PublishService>();
        await Eventually.TrueAsync(() => publish.Targets.Count == 2 && publish.Targets.All(t => t.State == PublishTargetState.Publishing), StateWait, () => Describe(publish));
        int keptPid = publish.Targets[0].Pid;
        int removedPid = publish.Targets[1].Pid;
        await using WatchingViewer viewer = await WatchingViewer.StartAsync(server.Client);
        long watchedFrom = Stopwatch.GetTimestamp();

        await File.WriteAllTextAsync(config, Targets(kept, added));
        Assert.True(await server.Get<ConfigurationReloadService>().ReloadAsync("test"));

        await Eventually.TrueAsync(
            // Shown, the three URLs are one (the stream key is hidden): the added target is the one with a new ffmpeg.
            () => publish.Targets.Count == 2 && publish.Targets[1].Url == Redact.Url(added) && publish.Targets[1].Pid != removedPid && publish.Targets[1].State == PublishTargetState.Publishing,
            StateWait,
            () => Describe(publish));
        PublishTargetSnapshot stillThere = publish.Targets[0];
        Assert.Equal((Redact.Url(kept), keptPid, 0, PublishTargetState.Publishing), (stillThere.Url, stillThere.Pid, stillThere.Restarts, stillThere.State));
        // The removed target's ffmpeg is gone: two remain, the kept one's and the added one's.
        await Eventually.TrueAsync(() => FfmpegCensus.Count($"127.0.0.1:{nginx.Port}") == 2, StateWait, () => $"{FfmpegCensus.Count($"127.0.0.1:{nginx.Port}")} ffmpeg processes publish to nginx");
        Assert.Null(viewer.Error);
        Assert.False(viewer.Ended, "the viewer's stream must not end");
        Assert.InRange(viewer.LongestGapSince(watchedFrom), TimeSpan.Zero, ViewerGapAllowed);
    }

    [Fact]
    public async Task SecretsInTheUrl_PasswordStreamKeyAndQuery_NeverReachTheLogsStateOrMetrics_EvenInFfmpegsErrors()
    {
        int closedPort = DaemonProcess.FreePort();
        int closedRtspPort = DaemonProcess.FreePort();
        int httpPort = DaemonProcess.FreePort();
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(
            httpPort,
            [.. TestPattern, $"--Publish:Targets:0:Url=rtmp://127.0.0.1:{closedPort}/live/streamKey42?user=bob&pass=queryPw7",
                $"--Publish:Targets:1:Url=rtsp://bob:s3cretPw@127.0.0.1:{closedRtspPort}/cam", "--Logging:LogLevel:Camstreamd.Publishing=Debug"]);
        using HttpClient http = new() { BaseAddress = daemon.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        string state = "";
        await Eventually.TrueAsync(
            async () =>
            {
                state = await http.GetStringAsync(new Uri("/state", UriKind.Relative));
                return state.Split("\"retrying\"").Length >= 3 && state.Split("Connection refused").Length >= 3;
            },
            StateWait,
            () => state);
        string metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        string shown = $"rtmp://127.0.0.1:{closedPort}/live/***?user=***&pass=***";
        using (JsonDocument json = JsonDocument.Parse(state))
        {
            Assert.Equal(shown, json.RootElement.GetProperty("targets")[0].GetProperty("url").GetString());
            Assert.DoesNotContain("queryPw7", json.RootElement.GetProperty("targets")[0].GetProperty("lastError").GetString(), StringComparison.Ordinal);
            Assert.Equal($"rtsp://bob:***@127.0.0.1:{closedRtspPort}/cam", json.RootElement.GetProperty("targets")[1].GetProperty("url").GetString());
        }


        Assert.Contains($"camstreamd_publish_publishing{{target=\"0\",url=\"{shown}\"}} 0", metrics, StringComparison.Ordinal);
        await daemon.WaitForOutputAsync("Connection refused", StateWait);
        Assert.Contains($"rtsp://bob:***@127.0.0.1:{closedRtspPort}/cam", daemon.Output, StringComparison.Ordinal);
        foreach (string secret in new[] { "s3cretPw", "streamKey42", "queryPw7" })
        {
            Assert.DoesNotContain(secret, state, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, metrics, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, daemon.Output, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>Publishes to an ffmpeg RTSP listener for <see cref="StreamFor"/>, checks the recording is paced, and returns it with the encoder used.</summary>
    private async Task<(Recording Recording, string Encoder)> RecordOverRtspAsync(string codec, params string[] targetArguments)
    {
        int port = DaemonProcess.FreePort();
        await using RtspListener listener = await RtspListener.StartAsync(port, _directory.File($"{codec}.mkv"));
        CamstreamdServer server = await CamstreamdServer.StartAsync([.. TestPattern, $"--Publish:Targets:0:Url=rtsp://127.0.0.1:{port}/cam", .. targetArguments]);
        StreamedWindow window;
        string encoder;
        try
        {
            window = await StreamForAWhileAsync(server);
            encoder = server.Get<PublishService>().Targets[0].Encoder;
        }
        finally
        {
            await server.DisposeAsync();
        }

        DateTimeOffset stopped = DateTimeOffset.UtcNow;
        // Our ffmpeg ends its session (TEARDOWN) when the daemon stops; the listener then closes the file.
        await listener.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Recording recording = await Recording.ProbeAsync(listener.Recording);
        AssertPacedRecording(recording, codec, window.Bounds(stopped), listener.Output);
        return (recording, encoder);
    }

    private static string Targets(params string[] urls) =>
        JsonSerializer.Serialize(new { Publish = new { Targets = urls.Select(url => new { Url = url }).ToArray() } });

    private static async Task<PublishTargetSnapshot> WaitForStateAsync(CamstreamdServer server, string state)
    {
        PublishService publish = server.Get<PublishService>();
        await Eventually.TrueAsync(() => publish.Targets.Count == 1 && publish.Targets[0].State == state, StateWait, () => Describe(publish));
        return publish.Targets[0];
    }

    /// <summary>
    /// Streams for <see cref="StreamFor"/> from the first frame piped to ffmpeg; returns the wall-clock time
    /// the recording's length must match, as bounds, both up to now (when the caller stops the daemon): from
    /// when the target joined the broadcaster, which hands it the newest frame at once (the earliest a
    /// recorded frame can come from), and from when ffmpeg reported its first frame sent (the latest).
    /// </summary>
    private static async Task<StreamedWindow> StreamForAWhileAsync(CamstreamdServer server)
    {
        PublishService publish = server.Get<PublishService>();
        FrameBroadcaster broadcaster = server.Get<FrameBroadcaster>();
        StreamClient? client = null;
        await Eventually.TrueAsync(() => (client = broadcaster.Clients.FirstOrDefault(c => c.Kind == ViewerKind.Publish)) is not null, StateWait, () => Describe(publish));
        DateTimeOffset joined = client!.ConnectedSince;
        await Eventually.TrueAsync(() => publish.Targets[0].State == PublishTargetState.Publishing, StateWait, () => Describe(publish));
        DateTimeOffset publishing = DateTimeOffset.UtcNow;
        TimeSpan left = StreamFor - (DateTimeOffset.UtcNow - joined);
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }

        return new StreamedWindow(joined, publishing, DateTimeOffset.UtcNow);
    }

    private static async Task AssertStateJsonAsync(CamstreamdServer server, string url, string state)
    {
        using JsonDocument json = JsonDocument.Parse(await server.Client.GetStringAsync(new Uri("/state", UriKind.Relative)));
        JsonElement target = json.RootElement.GetProperty("targets")[0];
        Assert.Equal(url, target.GetProperty("url").GetString());
        Assert.Equal(state, target.GetProperty("state").GetString());
        Assert.True(target.GetProperty("framesSent").GetInt64() > 0);
        Assert.True(target.GetProperty("bitrateKbps").GetDouble() > 0);
        Assert.Contains(json.RootElement.GetProperty("stream").GetProperty("clients").EnumerateArray(), client => client.GetProperty("kind").GetString() == "publish");
    }

    private static void AssertPacedRecording(Recording recording, string codec, (TimeSpan Longest, TimeSpan Shortest) streamed, string serverOutput)
    {
        Assert.True(recording.PacketTimes.Count > 100, $"{recording.PacketTimes.Count} packets recorded; server said: {serverOutput}");
        Assert.Equal((codec, Width, Height), (recording.Codec, recording.Width, recording.Height));
        Assert.True(recording.IsMonotonic(), "packet timestamps must never go back");
        Assert.InRange(recording.RepeatedTimes(), 0, 1);
        Assert.InRange(recording.Span, streamed.Shortest.TotalSeconds * 0.95, streamed.Longest.TotalSeconds * 1.05);
        Assert.InRange(recording.DurationSeconds, streamed.Shortest.TotalSeconds * 0.95, streamed.Longest.TotalSeconds * 1.05);
    }

    private static string Describe(PublishService publish) => string.Join("; ", publish.Targets);

    /// <summary>
    /// When the target joined, when it was publishing, and until when it surely still was (the test's checks and the
    /// daemon's stop come after that, and frames keep flowing through them). The recording must fit between the
    /// shortest time it surely streamed and the longest it may have: from joining until the daemon had stopped.
    /// </summary>
    private sealed record StreamedWindow(DateTimeOffset Joined, DateTimeOffset Publishing, DateTimeOffset SurelyUntil)
    {
        public (TimeSpan Longest, TimeSpan Shortest) Bounds(DateTimeOffset stopped) => (stopped - Joined, SurelyUntil - Publishing);
    }
}
