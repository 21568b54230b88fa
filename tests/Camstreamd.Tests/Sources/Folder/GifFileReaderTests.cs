using Camstreamd.Sources.Folder;
using Camstreamd.TestSupport;
using Camstreamd.TurboJpeg;

namespace Camstreamd.Tests.Sources.Folder;

public sealed class GifFileReaderTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Load_SmallerPictureNeedingALargerJpegBound_IsLoadedNotDropped()
    {
        // 97x97 has fewer pixels than 100x96, yet in whole 16x16 blocks it is 112x112 against 112x96.
        string larger = await MakeGifAsync("a.gif", 100, 96);
        string smaller = await MakeGifAsync("b.gif", 97, 97);
        Assert.True(97 * 97 < 100 * 96);
        Assert.True(TurboJpegCompressor.MaxCompressedSize(97, 97, JpegSubsampling.Samp420) > TurboJpegCompressor.MaxCompressedSize(100, 96, JpegSubsampling.Samp420));
        using GifFileReader reader = new(jpegQuality: 80);
        using TurboJpegDecompressor decompressor = new();

        Assert.Equal(FileLoadResult.Loaded, reader.Load(larger, out IReadOnlyList<GifFileFrame> first, out string? firstReason, out _));
        Assert.Null(firstReason);
        Assert.Equal(FileLoadResult.Loaded, reader.Load(smaller, out IReadOnlyList<GifFileFrame> second, out string? secondReason, out _));
        Assert.Null(secondReason);

        Assert.True(decompressor.TryReadHeader(Assert.Single(first).Jpeg, out JpegHeader a), decompressor.LastError);
        Assert.True(decompressor.TryReadHeader(Assert.Single(second).Jpeg, out JpegHeader b), decompressor.LastError);
        Assert.Equal((100, 96, 97, 97), (a.Width, a.Height, b.Width, b.Height));
    }

    [Fact]
    public async Task Load_SameFileAgain_GivesTheFramesDecodedBefore_UntilTheFileIsRewritten()
    {
        string path = await MakeGifAsync("a.gif", 100, 96);
        using GifFileReader reader = new(jpegQuality: 80);

        Assert.Equal(FileLoadResult.Loaded, reader.Load(path, out IReadOnlyList<GifFileFrame> first, out _, out FileStamp stamp));
        Assert.Equal(FileLoadResult.Loaded, reader.Load(path, out IReadOnlyList<GifFileFrame> again, out _, out FileStamp againStamp));
        Assert.Same(first, again);
        Assert.Equal(stamp, againStamp);
        Assert.Equal(first.Sum(frame => frame.Jpeg.Length + (frame.Original?.Length ?? 0)), reader.CachedBytes);

        // Rewritten in place (another picture, a later write time): decoded anew.
        File.Move(await MakeGifAsync("b.gif", 97, 97), path, overwrite: true);
        File.SetLastWriteTimeUtc(path, stamp.LastWriteUtc.AddSeconds(5));
        Assert.Equal(FileLoadResult.Loaded, reader.Load(path, out IReadOnlyList<GifFileFrame> rewritten, out _, out _));
        Assert.NotSame(first, rewritten);
        Assert.Equal((97, 97), (rewritten[0].Width, rewritten[0].Height));
    }

    [Fact]
    public async Task Load_BeyondTheCacheBudget_KeepsOnlyTheLastPlayed()
    {
        string a = await MakeGifAsync("a.gif", 100, 96);
        string b = await MakeGifAsync("b.gif", 97, 97);
        using GifFileReader probe = new(jpegQuality: 80);
        Assert.Equal(FileLoadResult.Loaded, probe.Load(a, out _, out _, out _));
        long oneFile = probe.CachedBytes;
        Assert.True(oneFile > 0);

        // Room for a little more than one file: playing b drops a.
        using GifFileReader reader = new(jpegQuality: 80, cacheBytes: oneFile * 3 / 2);
        Assert.Equal(FileLoadResult.Loaded, reader.Load(a, out IReadOnlyList<GifFileFrame> firstA, out _, out _));
        Assert.Equal(FileLoadResult.Loaded, reader.Load(b, out IReadOnlyList<GifFileFrame> firstB, out _, out _));
        Assert.Equal(FileLoadResult.Loaded, reader.Load(b, out IReadOnlyList<GifFileFrame> againB, out _, out _));
        Assert.Equal(FileLoadResult.Loaded, reader.Load(a, out IReadOnlyList<GifFileFrame> againA, out _, out _));
        Assert.Same(firstB, againB);
        Assert.NotSame(firstA, againA);
        Assert.True(reader.CachedBytes <= oneFile * 3 / 2, $"{reader.CachedBytes} bytes kept");
    }

    private async Task<string> MakeGifAsync(string name, int width, int height)
    {
        // Scaled rather than generated at that size: testsrc2 rounds odd sizes down to even ones.
        string path = _folder.File(name);
        ProcessResult result = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=1", "-frames:v", "1", "-vf", $"scale={width}:{height}", "-pix_fmt", "pal8", path], Generous);
        Assert.True(result.ExitCode == 0, $"ffmpeg exited with {result.ExitCode}: {result.Output}");
        return path;
    }
}
