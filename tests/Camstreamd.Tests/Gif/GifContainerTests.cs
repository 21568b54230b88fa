using Camstreamd.Frames;
using Camstreamd.Gif;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Gif;

/// <summary>The GIF block reader and the stream-frame rewriting, on GIFs made by our encoder and by ffmpeg.</summary>
public sealed class GifContainerTests
{
    [Fact]
    public async Task EncodedFrame_AfterTheStreamHeader_IsAGifFfmpegDecodesAtTheRightSize()
    {
        using TempDirectory folder = new();
        byte[] stream = [.. GifContainer.StreamHeader(320, 180), .. EncodeFrame(TestJpegs.Make(1280, 720), 320), .. EncodeFrame(TestJpegs.Make(1280, 720, seed: 9), 320), 0x3B];
        await File.WriteAllBytesAsync(folder.File("stream.gif"), stream);

        GifContainer? parsed = GifContainer.TryParse(stream, out string? error);
        Assert.True(parsed is not null, error);
        Assert.Equal((320, 180), (parsed.Width, parsed.Height));
        Assert.Equal(2, parsed.Images.Count);
        Assert.All(parsed.Images, image => Assert.Equal(10, image.DelayCentiseconds));

        ProcessResult probe = await ProcessRunner.RunAsync("ffprobe", ["-v", "error", "-count_frames", "-show_entries", "stream=width,height,nb_read_frames", "-of", "csv=p=0", folder.File("stream.gif")], TimeSpan.FromSeconds(30));
        Assert.Equal("320,180,2", probe.StandardOutput.Trim());
    }

    [Fact]
    public async Task FfmpegGif_GlobalTableMovesIntoALocalOne_WithTheImageDataUnchanged()
    {
        using TempDirectory folder = new();
        ProcessResult made = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=10", "-frames:v", "1", "-pix_fmt", "pal8", folder.File("one.gif")], TimeSpan.FromSeconds(30));
        Assert.True(made.ExitCode == 0, made.Output);
        byte[] file = await File.ReadAllBytesAsync(folder.File("one.gif"));

        GifContainer parsed = GifContainer.TryParse(file, out string? error) ?? throw new InvalidOperationException(error);
        GifImage image = Assert.Single(parsed.Images);
        byte[] frame = new byte[image.StreamFrameLength];
        int length = GifContainer.WriteStreamFrame(file, image, 10, frame);

        Assert.Equal(frame.Length, length);
        Assert.Equal(0x80, frame[GifContainer.ControlExtensionLength + 9] & 0x80);
        Assert.Equal(file.AsSpan(image.DataOffset, image.DataLength).ToArray(), frame[^image.DataLength..]);
        Assert.Equal(file.AsSpan(image.ColorTableOffset, image.ColorTableLength).ToArray(), frame.AsSpan(GifContainer.ControlExtensionLength + GifContainer.DescriptorLength, image.ColorTableLength).ToArray());
    }

    [Theory]
    [InlineData(0, "not a GIF")]
    [InlineData(1, "truncated")]
    [InlineData(2, "outside")]
    [InlineData(3, "no image")]
    public void BrokenGif_IsRefusedWithTheReason(int damage, string reason)
    {
        byte[] good = [.. GifContainer.StreamHeader(320, 180), .. EncodeFrame(TestJpegs.Make(320, 180), 320), 0x3B];
        byte[] bad = damage switch
        {
            0 => [.. "PNG89a"u8, .. good[6..]],
            1 => good[..(good.Length / 2)],
            2 => [.. GifContainer.StreamHeader(100, 100), .. good[32..]],
            _ => [.. GifContainer.StreamHeader(320, 180), 0x3B],
        };

        Assert.Null(GifContainer.TryParse(bad, out string? error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    private static byte[] EncodeFrame(byte[] jpeg, int width)
    {
        FramePool pool = new();
        Frame source = pool.Rent(jpeg.Length);
        jpeg.CopyTo(source.WritableBuffer);
        source.Complete(jpeg.Length, 0, 0, 1, 0, 0);
        using GifFrameEncoder encoder = new();
        Assert.True(encoder.TryEncode(source, new GifOptions { Width = width }, 10, pool, out Frame? gif, out string? error), error);
        byte[] bytes = gif!.Span.ToArray();
        gif.Release();
        source.Release();
        Assert.Equal(0, pool.Outstanding);
        return bytes;
    }
}
