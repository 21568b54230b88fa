using System.Net;
using Camstreamd.TestSupport;
using Camstreamd.TurboJpeg;
using Camstreamd.V4l2.Tests.Device;
using Camstreamd.V4l2.Tests.Sources;

namespace Camstreamd.V4l2.Tests.Daemon;

/// <summary>The whole daemon on a vivid camera: served stream read by ffmpeg, idle release, unplug and recovery.</summary>
[Trait("Requires", Vivid.Requires)]
public sealed class DaemonOnVividTests
{
    private static readonly string[] Camera =
        ["--Camera:Source=v4l2", $"--Camera:Device={Vivid.Webcam}", "--Camera:Width=640", "--Camera:Height=480", "--Camera:FramesPerSecond=25"];

    [Theory]
    [InlineData("/stream")]
    [InlineData("/?action=stream")]
    public async Task Stream_FromCamera_IsReadByFfmpeg(string path)
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(Camera);
        using TempDirectory folder = new();

        ProcessResult ffmpeg = await ProcessRunner.RunAsync(
            "ffmpeg",
            ["-hide_banner", "-nostdin", "-loglevel", "error", "-f", "mpjpeg", "-i", new Uri(server.BaseAddress, path).ToString(), "-frames:v", "5", "-c", "copy", Path.Combine(folder.Path, "f%02d.jpg")],
            TimeSpan.FromSeconds(60));

        Assert.True(ffmpeg.ExitCode == 0, ffmpeg.Output);
        string[] files = Directory.GetFiles(folder.Path, "f*.jpg");
        Assert.Equal(5, files.Length);
        using TurboJpegDecompressor decoder = new();
        foreach (string file in files)
        {
            Assert.True(decoder.TryReadHeader(await File.ReadAllBytesAsync(file), out JpegHeader header), file);
            Assert.Equal((640, 480), (header.Width, header.Height));
        }
    }

    [Fact]
    public async Task IdleRelease_ClosesTheDeviceFile_AfterTheLastViewer_AndSnapshotReopensIt()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync([.. Camera, "--Streaming:IdleTimeout=3"]);

        // A connected viewer holds the camera open whatever the machine's load; a snapshot alone holds it for only
        // IdleTimeout, which a starved VM can spend before the test gets to count the fds (seen in a CI run).
        using (HttpResponseMessage viewer = await server.Client.GetAsync(new Uri("/stream", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, viewer.StatusCode);
            MultipartReader reader = new(await viewer.Content.ReadAsStreamAsync(), "camstreamdframe");
            Assert.NotNull(await reader.ReadPartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(1, SourceHarness.CountFdsOn(Vivid.Webcam));
        }

        await Eventually.TrueAsync(() => SourceHarness.CountFdsOn(Vivid.Webcam) == 0, TimeSpan.FromSeconds(10), () => "the device file is still open after the idle timeout");
        Assert.Equal(0, Vivid.CountMappings(Vivid.Webcam));

        using HttpResponseMessage again = await server.Client.GetAsync(new Uri("/snapshot", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using TurboJpegDecompressor decoder = new();
        Assert.True(decoder.TryReadHeader(await again.Content.ReadAsByteArrayAsync(), out JpegHeader header));
        Assert.Equal(640, header.Width);
    }

    [Fact]
    public async Task Disconnect_WhileStreaming_RecoversWithoutRestart()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync([.. Camera, "--Streaming:IdleTimeout=0"]);
        using (HttpResponseMessage first = await server.Client.GetAsync(new Uri("/snapshot", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        double unpluggedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        using (V4l2Device unplugger = V4l2Device.Open(Vivid.Webcam))
        {
            unplugger.SetControl("disconnect", 1);
        }

        // The capture service notices, closes the device (vivid then reconnects) and reopens with backoff.
        await Eventually.TrueAsync(
            async () =>
            {
                using HttpResponseMessage snapshot = await server.Client.GetAsync(new Uri("/snapshot", UriKind.Relative));
                return snapshot.StatusCode == HttpStatusCode.OK
                    && double.Parse(snapshot.Headers.GetValues("X-Timestamp").First(), System.Globalization.CultureInfo.InvariantCulture) > unpluggedAt + 0.5;
            },
            TimeSpan.FromSeconds(20),
            () => "no fresh frame after the camera came back");

        using HttpResponseMessage health = await server.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(1, SourceHarness.CountFdsOn(Vivid.Webcam));
    }
}
