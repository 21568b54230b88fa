using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Camstreamd.Gif;
using Camstreamd.TestSupport;
using Camstreamd.TurboJpeg;

namespace Camstreamd.Tests.Hosting;

/// <summary>
/// The daemon in a process of its own, through the paths a Native AOT build could lose: configuration bound by
/// reflection (every section, a TimeSpan and a map), /state's JSON, libjpeg-turbo through LibraryImport, and
/// ImageSharp's GIF encoder and decoder. The host suite runs it on the JIT build; <c>make test-aot</c> runs it
/// (with the other daemon tests) on the AOT binary through <see cref="DaemonBinary"/>: both must behave the same.
/// </summary>
public sealed class DaemonEndToEndTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TestPattern_ServesStateSnapshotMjpegAndGif_WithTheConfiguredValues()
    {
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(
            DaemonProcess.FreePort(),
            "--Camera:Source=testpattern", "--Camera:Width=640", "--Camera:Height=360", "--Camera:FramesPerSecond=20",
            "--Camera:DeviceTimeout=00:00:03", "--Camera:Controls:brightness=10", "--Gif:Width=320", "--Gif:Colors=64");
        using HttpClient http = new() { BaseAddress = daemon.BaseAddress, Timeout = Generous };
        using TurboJpegDecompressor decompressor = new();

        using JsonDocument state = JsonDocument.Parse(await http.GetStringAsync("/state"));
        JsonElement source = state.RootElement.GetProperty("source");
        Assert.Equal("testpattern", source.GetProperty("kind").GetString());
        Assert.Equal((640, 360), (source.GetProperty("width").GetInt32(), source.GetProperty("height").GetInt32()));
        Assert.Equal(20, source.GetProperty("configuredFps").GetDouble());

        byte[] snapshot = await http.GetByteArrayAsync("/snapshot");
        Assert.True(decompressor.TryReadHeader(snapshot, out JpegHeader header), decompressor.LastError);
        Assert.Equal((640, 360), (header.Width, header.Height));

        using (CancellationTokenSource cancel = new(Generous))
        {
            using HttpResponseMessage mjpeg = await http.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            MultipartReader reader = new(await mjpeg.Content.ReadAsStreamAsync(cancel.Token), "camstreamdframe");
            for (int i = 0; i < 3; i++)
            {
                MultipartPart part = await reader.ReadPartAsync(cancel.Token) ?? throw new InvalidOperationException("the MJPEG stream ended");
                Assert.True(decompressor.TryReadHeader(part.Body, out JpegHeader frame), decompressor.LastError);
                Assert.Equal((640, 360), (frame.Width, frame.Height));
            }
        }

        // ImageSharp quantizes and LZW-encodes each frame: a whole GIF frame at the GIF width, with at most 64 colours.
        GifContainer gif = await RecordGifStreamAsync(daemon);
        Assert.Equal((320, 180), (gif.Width, gif.Height));
        Assert.All(gif.Images, image => Assert.True(image.ColorTableLength <= 64 * 3, $"a colour table of {image.ColorTableLength} bytes"));
    }

    [Fact]
    public async Task FolderWithAnAnimatedGif_IsDecodedAndServedAsJpegs()
    {
        using TempDirectory folder = new();
        ProcessResult ffmpeg = await ProcessRunner.RunAsync(
            "ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25", "-t", "1", "-pix_fmt", "pal8", "-r", "5", folder.File("a.gif")], Generous);
        Assert.True(ffmpeg.ExitCode == 0, ffmpeg.Output);

        await using DaemonProcess daemon = await DaemonProcess.StartAsync(DaemonProcess.FreePort(), "--Camera:Source=folder", $"--Camera:Folder={folder.Path}");
        using HttpClient http = new() { BaseAddress = daemon.BaseAddress, Timeout = Generous };
        using TurboJpegDecompressor decompressor = new();

        await Eventually.TrueAsync(async () =>
        {
            using HttpResponseMessage response = await http.GetAsync("/snapshot");
            return response.StatusCode == HttpStatusCode.OK
                && decompressor.TryReadHeader(await response.Content.ReadAsByteArrayAsync(), out JpegHeader header)
                && (header.Width, header.Height) == (160, 90);
        }, Generous, () => $"no 160x90 JPEG snapshot decoded from the GIF: {daemon.Output}");

        using JsonDocument state = JsonDocument.Parse(await http.GetStringAsync("/state"));
        Assert.Equal("folder", state.RootElement.GetProperty("source").GetProperty("kind").GetString());
        Assert.Equal(0, state.RootElement.GetProperty("stream").GetProperty("framesBroken").GetInt32());
    }

    // Reads /stream.gif for at least 3 s and until it holds a whole frame, at most Generous: the GIF encoder runs at
    // nice +10, so on a loaded machine its first frame can take seconds. Keeps whole frames only.
    private static async Task<GifContainer> RecordGifStreamAsync(DaemonProcess daemon)
    {
        using HttpClient http = new() { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        using CancellationTokenSource deadline = new(Generous);
        List<byte> bytes = [];
        byte[] buffer = new byte[64 * 1024];
        long minimumEnd = Stopwatch.GetTimestamp() + (3 * Stopwatch.Frequency);
        try
        {
            using HttpResponseMessage response = await http.GetAsync(new Uri(daemon.BaseAddress, "/stream.gif"), HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            await using Stream body = await response.Content.ReadAsStreamAsync(deadline.Token);
            int read;
            while ((read = await body.ReadAsync(buffer, deadline.Token)) > 0)
            {
                bytes.AddRange(buffer.AsSpan(0, read));
                if (Stopwatch.GetTimestamp() >= minimumEnd && WholeFrames(bytes) is GifContainer recorded)
                {
                    return recorded;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // Out of time: said below.
        }

        throw new InvalidOperationException($"no whole GIF frame in {bytes.Count} bytes of /stream.gif within {Generous.TotalSeconds} s: {daemon.Output}");
    }

    // The stream cut after its last whole frame and closed with a trailer, or null while it holds none.
    private static GifContainer? WholeFrames(List<byte> bytes)
    {
        byte[] all = [.. bytes];
        for (int end = all.Length; end > 32; end--)
        {
            if (all[end - 1] == 0 && GifContainer.TryParse([.. all.AsSpan(0, end), 0x3B], out _) is GifContainer parsed && parsed.Images.Count > 0)
            {
                return parsed;
            }
        }

        return null;
    }
}
