using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Camstreamd.Gif;
using Camstreamd.Streaming;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Gif;

/// <summary><c>/stream.gif</c> on the real server, read by real clients (curl, ffmpeg, raw sockets).</summary>
public sealed partial class GifStreamTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task LiveGif_ReadByCurlAndFfmpeg_HasTheConfiguredSize_AndMatchesTheScaledSnapshot()
    {
        using TempDirectory folder = new();
        // One still picture, looped: every GIF frame and the snapshot show the same thing.
        await RunAsync("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1280x720", "-frames:v", "1", "-q:v", "2", folder.File("still.jpg"));
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(
            "--Camera:Source=folder", $"--Camera:Folder={folder.Path}", "--Camera:FramesPerSecond=20", "--Gif:Width=480", "--Gif:FramesPerSecond=10");

        // ffmpeg 5.1's GIF demuxer reads its whole input looking for the trailer before it plays any of it
        // (an endless GIF never has one), so curl records 4 s of the live stream and ffmpeg decodes that.
        await RunAsync("curl", "-s", "--max-time", "4", "-o", folder.File("live.gif"), new Uri(server.BaseAddress, "/stream.gif").ToString());
        await RunAsync("ffmpeg", "-v", "error", "-i", folder.File("live.gif"), "-frames:v", "10", folder.File("frame%02d.png"));
        string[] frames = Directory.GetFiles(folder.Path, "frame*.png");
        Assert.Equal(10, frames.Length);
        foreach (string frame in frames)
        {
            Assert.Equal("480,270", (await RunAsync("ffprobe", "-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", frame)).Trim());
        }

        await File.WriteAllBytesAsync(folder.File("snapshot.jpg"), await server.Client.GetByteArrayAsync("/snapshot"));
        double psnr = await PsnrAsync(folder.File("frame05.png"), folder.File("snapshot.jpg"), "480:270");
        Assert.True(psnr >= 25, $"PSNR of a GIF frame against the scaled snapshot is {psnr:0.0} dB");
    }

    [Fact]
    public async Task NewViewer_GetsTheHeaderAndTheNewestFrameAtOnce_WithGifHeaders()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=640", "--Camera:Height=480", "--Gif:Width=320");
        using HttpResponseMessage first = await server.Client.GetAsync("/stream.gif", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("image/gif", first.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", first.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        byte[] start = await ReadAtLeastAsync(await first.Content.ReadAsStreamAsync(), 64);
        Assert.Equal("GIF89a"u8.ToArray(), start[..6]);
        Assert.Equal(320, BitConverter.ToUInt16(start, 6));
        Assert.Equal(240, BitConverter.ToUInt16(start, 8));
        Assert.Equal(0x21, start[32]);
        Assert.Equal(0xF9, start[33]);

        // The encoder is running now: a second viewer is handed the newest GIF frame at once.
        long before = server.Get<GifStatistics>().FramesEncoded;
        using HttpResponseMessage second = await server.Client.GetAsync("/stream.gif", HttpCompletionOption.ResponseHeadersRead);
        Task<byte[]> quick = Task.Run(async () => await ReadAtLeastAsync(await second.Content.ReadAsStreamAsync(), 64));
        Assert.True(await Task.WhenAny(quick, Task.Delay(Generous)) == quick, "the second viewer got no frame");
        Assert.Equal("GIF89a"u8.ToArray(), (await quick)[..6]);
        Assert.True(server.Get<GifStatistics>().FramesEncoded >= before);
    }

    [Theory]
    [InlineData("/stream.gif?fps=0")]
    [InlineData("/stream.gif?fps=abc")]
    public async Task BadFps_Gets400WithTheReason(string path)
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern");
        using HttpResponseMessage response = await server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("fps must be a number above 0", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabled_Gets404WithTheReason_AndHeadAnswersWithoutABody()
    {
        await using (CamstreamdServer off = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Gif:Enabled=false"))
        {
            using HttpResponseMessage response = await off.Client.GetAsync("/stream.gif");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("Gif:Enabled is false", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using CamstreamdServer on = await CamstreamdServer.StartAsync("--Camera:Source=testpattern");
        using HttpRequestMessage head = new(HttpMethod.Head, "/stream.gif");
        using HttpResponseMessage headResponse = await on.Client.SendAsync(head);
        Assert.Equal(HttpStatusCode.OK, headResponse.StatusCode);
        Assert.Equal("image/gif", headResponse.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await headResponse.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task GifViewer_IsListedWithItsKind_CountsAgainstMaxClients_AndShowsInMetrics()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=640", "--Camera:Height=480", "--Streaming:MaxClients=1");
        using HttpResponseMessage gif = await server.Client.GetAsync("/stream.gif", HttpCompletionOption.ResponseHeadersRead);
        await ReadAtLeastAsync(await gif.Content.ReadAsStreamAsync(), 64);

        using HttpResponseMessage refused = await server.Client.GetAsync("/stream");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("Streaming:MaxClients is 1", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using JsonDocument state = JsonDocument.Parse(await server.Client.GetStringAsync("/state"));
        JsonElement client = Assert.Single(state.RootElement.GetProperty("stream").GetProperty("clients").EnumerateArray());
        Assert.Equal("gif", client.GetProperty("kind").GetString());
        JsonElement gifState = state.RootElement.GetProperty("gif");
        Assert.Equal(1, gifState.GetProperty("clientCount").GetInt32());
        Assert.Equal(480, gifState.GetProperty("width").GetInt32());
        Assert.Equal(360, gifState.GetProperty("height").GetInt32());

        string metrics = await server.Client.GetStringAsync("/metrics");
        Assert.True(MetricsText.Value(metrics, "camstreamd_gif_frames_encoded_total") >= 1, metrics);
        Assert.True(MetricsText.Value(metrics, "camstreamd_gif_bytes_encoded_total") > 0, metrics);
        Assert.Equal(1, MetricsText.Value(metrics, "camstreamd_gif_clients"));
    }

    [Fact]
    public async Task StalledGifViewer_IsCut_AndTheEncoderStopsWhenTheLastGifViewerLeaves()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(
            "--Camera:Source=testpattern", "--Camera:Width=1280", "--Camera:Height=720", "--Camera:FramesPerSecond=30",
            "--Gif:Width=1280", "--Gif:FramesPerSecond=30", "--Gif:Dither=floyd-steinberg", "--Streaming:StallTimeout=2");
        using Socket stalled = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await stalled.ConnectAsync("127.0.0.1", server.Port);
        await stalled.SendAsync(Encoding.ASCII.GetBytes("GET /stream.gif HTTP/1.1\r\nHost: test\r\n\r\n"));

        // Big dithered frames fill the socket buffers within seconds; then no write progresses for 2 s.
        await Eventually.TrueAsync(() => server.Get<StreamStatistics>().Evictions == 1, TimeSpan.FromSeconds(60), () => $"no eviction; gif frames encoded: {server.Get<GifStatistics>().FramesEncoded}");
        await Eventually.TrueAsync(() => server.Get<Camstreamd.Streaming.FrameBroadcaster>().ClientCount == 0, Generous, () => "the cut viewer is still listed");
        await Eventually.TrueAsync(() => server.Get<GifEncoderService>().OutstandingFrames == 0, Generous, () => $"{server.Get<GifEncoderService>().OutstandingFrames} GIF frames are still out of the pool");
    }

    [Fact]
    public async Task GifViewer_Beside20MjpegViewers_LeavesEveryMjpegViewerTheSourceRate()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(
            "--Camera:Source=testpattern", "--Camera:Width=640", "--Camera:Height=480", "--Camera:FramesPerSecond=20", "--Gif:Width=480",
            // 21 viewers from this one address, over the default per-address limit of 8.
            "--Streaming:MaxClientsPerAddress=32");
        using CancellationTokenSource reading = new();
        using HttpResponseMessage gif = await server.Client.GetAsync("/stream.gif", HttpCompletionOption.ResponseHeadersRead, reading.Token);
        Task<long> gifBytes = DrainAsync(await gif.Content.ReadAsStreamAsync(), reading.Token);
        List<(HttpResponseMessage Response, MultipartReader Reader)> viewers = new();
        for (int i = 0; i < 20; i++)
        {
            HttpResponseMessage response = await server.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
            MultipartReader reader = new(await response.Content.ReadAsStreamAsync(), "camstreamdframe");
            await reader.ReadPartAsync(CancellationToken.None);
            viewers.Add((response, reader));
        }

        // Every viewer counts parts from now on; the window is two snapshots of the same moments (frames made, parts
        // received, frames the daemon dropped per viewer), so each viewer is measured over exactly the source's window.
        using CancellationTokenSource counting = new();
        long[] parts = new long[viewers.Count];
        Task[] readers = [.. viewers.Select((viewer, index) => CountPartsAsync(viewer.Reader, parts, index, counting.Token))];
        await Task.Delay(TimeSpan.FromSeconds(1));
        StreamClient[] mjpegViewers = [.. server.Get<FrameBroadcaster>().Clients.Where(client => client.Kind == ViewerKind.Mjpeg)];
        (long Captured, long[] Received, long[] Dropped) before = Snapshot(server, parts, mjpegViewers);
        await Task.Delay(TimeSpan.FromSeconds(5));
        (long Captured, long[] Received, long[] Dropped) after = Snapshot(server, parts, mjpegViewers);
        await counting.CancelAsync();
        await Task.WhenAll(readers);
        await reading.CancelAsync();
        foreach ((HttpResponseMessage response, _) in viewers)
        {
            response.Dispose();
        }

        long captured = after.Captured - before.Captured;
        long[] received = [.. after.Received.Select((count, index) => count - before.Received[index])];
        long[] dropped = [.. after.Dropped.Select((count, index) => count - before.Dropped[index])];
        Assert.Equal(20, mjpegViewers.Length);
        Assert.True(captured >= 5 * 20 * 0.8, $"the source made only {captured} frames in 5 s");
        // The daemon kept up with every viewer: what it dropped is counted exactly, with no frame in flight either side.
        Assert.All(dropped, count => Assert.True(count <= captured * 0.01, $"the daemon dropped {count} of {captured} frames for an MJPEG viewer: {string.Join(", ", dropped)}"));
        // And every viewer received them: give or take the frames in flight at either snapshot (the queue of 2 and one being read).
        Assert.All(received, count => Assert.True(count >= Math.Floor(captured * 0.99) - 3, $"an MJPEG viewer got {count} of {captured} frames: {string.Join(", ", received)}"));
        Assert.True(server.Get<GifStatistics>().FramesEncoded >= 10, "the GIF viewer was not served meanwhile");
        Assert.True(await gifBytes > 0);
    }

    private static async Task CountPartsAsync(MultipartReader reader, long[] parts, int index, CancellationToken cancellationToken)
    {
        try
        {
            while (await reader.ReadPartAsync(cancellationToken) is not null)
            {
                Interlocked.Increment(ref parts[index]);
            }
        }
        catch (OperationCanceledException)
        {
            // The window is over.
        }
    }

    private static (long Captured, long[] Received, long[] Dropped) Snapshot(CamstreamdServer server, long[] parts, StreamClient[] viewers) =>
        (server.Get<StreamStatistics>().FramesCaptured, [.. parts.Select((_, index) => Interlocked.Read(ref parts[index]))], [.. viewers.Select(viewer => viewer.Dropped)]);

    private static async Task<long> DrainAsync(Stream stream, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
        }

        return total;
    }

    private static async Task<byte[]> ReadAtLeastAsync(Stream stream, int count)
    {
        byte[] buffer = new byte[count];
        using CancellationTokenSource timeout = new(Generous);
        await stream.ReadExactlyAsync(buffer, timeout.Token);
        return buffer;
    }

    private static async Task<double> PsnrAsync(string picture, string reference, string scale)
    {
        ProcessResult result = await ProcessRunner.RunAsync("ffmpeg", ["-v", "info", "-hide_banner", "-i", picture, "-i", reference, "-lavfi", $"[0:v]format=rgb24[a];[1:v]scale={scale},format=rgb24[b];[a][b]psnr", "-f", "null", "-"], Generous);
        Match match = PsnrAverage().Match(result.StandardError);
        Assert.True(match.Success, result.Output);
        return match.Groups[1].Value == "inf" ? double.PositiveInfinity : double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        ProcessResult result = await ProcessRunner.RunAsync(program, arguments, Generous);
        // curl --max-time ends with 28 (timed out): for an endless stream that is the expected end.
        Assert.True(result.ExitCode == 0 || (program == "curl" && result.ExitCode == 28), $"{program} {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.Output}");
        return result.StandardOutput;
    }


    [GeneratedRegex(@"average:(inf|[0-9.]+)")]
    private static partial Regex PsnrAverage();
}
