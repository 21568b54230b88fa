using System.Diagnostics;
using System.Text.Json;
using Camstreamd.Configuration;
using Camstreamd.Frames;
using Camstreamd.Gif;
using Camstreamd.Sources;
using Camstreamd.Sources.Folder;
using Camstreamd.TestSupport;
using Camstreamd.TurboJpeg;

namespace Camstreamd.Tests.Gif;

/// <summary>
/// Live GIF folders, as the "live video as an animated GIF" projects use them: ffmpeg writes GIF frames
/// into a folder and camstreamd streams them, to /stream.gif without re-encoding and to /stream as JPEGs.
/// </summary>
public sealed class FolderGifTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FfmpegGifFrames_GoToTheGifStreamByteIdentical_AndToTheMjpegStreamAsJpegs()
    {
        using TempDirectory folder = new();
        // The recipe, with every frame whole and opaque (no partial or transparent updates), so every frame can pass through.
        byte[] source = await MakeFfmpegGifAsync(folder, "-gifflags", "-offsetting-transdiff");
        GifContainer file = GifContainer.TryParse(source, out string? error) ?? throw new InvalidOperationException(error);
        HashSet<string> sourceImages = [.. file.Images.Select(image => ImageData(source, image))];

        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=folder", $"--Camera:Folder={folder.Path}", "--Gif:Width=480");
        GifContainer stream = await RecordGifStreamAsync(server, folder, out byte[] recorded);

        Assert.Equal((320, 180), (stream.Width, stream.Height));
        Assert.True(stream.Images.Count >= 10, $"only {stream.Images.Count} GIF frames in 4 s");
        Assert.All(stream.Images, image => Assert.Contains(ImageData(recorded, image), sourceImages));
        Assert.Equal(0, server.Get<GifStatistics>().FramesEncoded);
        Assert.True(server.Get<GifStatistics>().FramesPassedThrough >= 10);

        using HttpResponseMessage mjpeg = await server.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
        MultipartReader reader = new(await mjpeg.Content.ReadAsStreamAsync(), "camstreamdframe");
        using TurboJpegDecompressor decompressor = new();
        for (int i = 0; i < 3; i++)
        {
            MultipartPart part = await reader.ReadPartAsync(CancellationToken.None) ?? throw new InvalidOperationException("the MJPEG stream ended");
            Assert.Equal("image/jpeg", part.Headers["Content-Type"]);
            Assert.True(decompressor.TryReadHeader(part.Body, out JpegHeader header), decompressor.LastError);
            Assert.Equal((320, 180), (header.Width, header.Height));
        }
    }

    [Fact]
    public async Task FfmpegGifRecipeAsIs_WholeFramesPassThrough_PartialUpdatesAreReEncoded()
    {
        using TempDirectory folder = new();
        // ffmpeg 5.1 writes the recipe as one animated GIF whose later frames are partial, transparent updates.
        byte[] source = await MakeFfmpegGifAsync(folder);
        GifContainer file = GifContainer.TryParse(source, out string? error) ?? throw new InvalidOperationException(error);
        GifImage whole = file.Images[0];
        Assert.Contains(file.Images, image => image.Transparent || image.Height < file.Height);

        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=folder", $"--Camera:Folder={folder.Path}", "--Gif:Width=480", "--Gif:FramesPerSecond=50");
        GifContainer stream = await RecordGifStreamAsync(server, folder, out byte[] recorded);

        Assert.Contains(stream.Images, image => ImageData(recorded, image) == ImageData(source, whole));
        Assert.True(server.Get<GifStatistics>().FramesPassedThrough >= 1);
        Assert.True(server.Get<GifStatistics>().FramesEncoded >= 1);
        Assert.All(stream.Images, image => Assert.Equal((0, 0, 320, 180), (image.Left, image.Top, image.Width, image.Height)));
    }

    [Fact]
    public async Task AnimatedGif_PlaysFrameByFrameWithItsOwnDelays_AndACorruptGifIsSkippedOnce()
    {
        using TempDirectory folder = new();
        await RunAsync("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25", "-t", "1", "-pix_fmt", "pal8", "-r", "5", folder.File("a.gif"));
        byte[] good = await File.ReadAllBytesAsync(folder.File("a.gif"));
        await File.WriteAllBytesAsync(folder.File("b.gif"), good[..(good.Length / 2)]);
        RecordingLogger<FolderSource> log = new();
        CameraOptions options = new() { Source = "folder", Folder = folder.Path, Loop = true, FramesPerSecond = 100 };
        FramePool pool = new(4096);
        GifPassthrough originals = new();
        using FolderSource source = new(options, TimeProvider.System, log, originals);
        source.Open(CancellationToken.None);

        List<long> arrivals = new();
        List<string> dropped = new();
        Stopwatch stopwatch = Stopwatch.StartNew();
        while (arrivals.Count < 10 && stopwatch.Elapsed < Generous)
        {
            switch (source.Capture(pool, CancellationToken.None, out Frame? frame, out string? reason))
            {
                case CaptureResult.Frame:
                    arrivals.Add(stopwatch.ElapsedMilliseconds);
                    Assert.Equal((160, 90), (frame!.Width, frame.Height));
                    frame.Release();
                    break;
                case CaptureResult.Dropped:
                    dropped.Add(reason!);
                    break;
            }
        }

        source.Close();
        Assert.Equal(10, arrivals.Count);
        // 5 frames of 20 cs each, then the file again (the corrupt one in between is skipped): never faster than its delays.
        double[] gaps = [.. arrivals.Zip(arrivals.Skip(1), (a, b) => (double)(b - a))];
        Assert.True(gaps.Count(gap => gap >= 150) >= 8, $"gaps between frames (ms): {string.Join(", ", gaps)}");
        Assert.Single(dropped.Distinct());
        Assert.Contains("b.gif: not a valid GIF", dropped[0], StringComparison.Ordinal);
        Assert.Single(log.Entries, entry => entry.EventId.Id == 3201);
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public async Task Open_FirstFileAGif_DescribesItsSizeBeforeAnyFrame()
    {
        using TempDirectory folder = new();
        await RunAsync("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25", "-frames:v", "1", "-pix_fmt", "pal8", folder.File("a.gif"));
        CameraOptions options = new() { Source = "folder", Folder = folder.Path, Loop = true, FramesPerSecond = 10 };
        using FolderSource source = new(options, TimeProvider.System, new RecordingLogger<FolderSource>());

        source.Open(CancellationToken.None);

        Assert.Equal((160, 90), (source.Description.Width, source.Description.Height));
    }

    private static async Task<byte[]> MakeFfmpegGifAsync(TempDirectory folder, params string[] extra)
    {
        await RunAsync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-t", "3", "-pix_fmt", "pal8", "-s", "320x180", "-r", "10", .. extra, folder.File("in%d.gif")]);
        string[] written = Directory.GetFiles(folder.Path, "*.gif");
        return await File.ReadAllBytesAsync(Assert.Single(written));
    }

    /// <summary>4 s of /stream.gif by curl, closed with a trailer so it parses as a whole GIF.</summary>
    private static Task<GifContainer> RecordGifStreamAsync(CamstreamdServer server, TempDirectory folder, out byte[] recorded)
    {
        string path = Path.Combine(Path.GetTempPath(), $"camstreamd-gif-{Guid.NewGuid():N}.gif");
        ProcessResult curl = ProcessRunner.RunAsync("curl", ["-s", "--max-time", "4", "-o", path, new Uri(server.BaseAddress, "/stream.gif").ToString()], Generous).GetAwaiter().GetResult();
        Assert.True(curl.ExitCode is 0 or 28, curl.Output);
        byte[] bytes = File.ReadAllBytes(path);
        File.Delete(path);
        // Cut a frame curl stopped in the middle of: keep whole frames only.
        GifContainer? parsed = null;
        for (int end = bytes.Length; end > 32 && parsed is null; end--)
        {
            if (bytes[end - 1] == 0)
            {
                parsed = GifContainer.TryParse([.. bytes.AsSpan(0, end), 0x3B], out _);
                recorded = [.. bytes.AsSpan(0, end), 0x3B];
                if (parsed is not null)
                {
                    return Task.FromResult(parsed);
                }
            }
        }

        throw new InvalidOperationException($"no whole GIF frame in {bytes.Length} bytes of /stream.gif ({folder.Path})");
    }

    /// <summary>An image's colour table and LZW data: what "not re-encoded" means.</summary>
    private static string ImageData(byte[] gif, GifImage image) =>
        Convert.ToHexString(gif.AsSpan(image.ColorTableOffset, image.ColorTableLength)) + Convert.ToHexString(gif.AsSpan(image.DataOffset, image.DataLength));

    private static async Task RunAsync(string program, params string[] arguments)
    {
        ProcessResult result = await ProcessRunner.RunAsync(program, arguments, Generous);
        Assert.True(result.ExitCode == 0, $"{program} exited with {result.ExitCode}: {result.Output}");
    }
}
