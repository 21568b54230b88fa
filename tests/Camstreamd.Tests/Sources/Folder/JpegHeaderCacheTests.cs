using Camstreamd.Frames;
using Camstreamd.Sources.Folder;
using Camstreamd.TestSupport;
using Camstreamd.TurboJpeg;

namespace Camstreamd.Tests.Sources.Folder;

public sealed class JpegHeaderCacheTests : IDisposable
{
    private static readonly DateTime Written = new(2026, 11, 30, 14, 0, 0, DateTimeKind.Utc);
    private static readonly JpegHeader Header = new(640, 480, JpegSubsampling.Samp420);
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TryGet_GivesTheHeaderOnlyAtTheStampItWasReadAt()
    {
        JpegHeaderCache cache = new();
        cache.Add("/frames/a.jpg", new FileStamp(1000, Written), Header);

        Assert.True(cache.TryGet("/frames/a.jpg", new FileStamp(1000, Written), out JpegHeader header));
        Assert.Equal(Header, header);
        Assert.False(cache.TryGet("/frames/a.jpg", new FileStamp(1001, Written), out _));
        Assert.False(cache.TryGet("/frames/a.jpg", new FileStamp(1000, Written.AddTicks(1)), out _));
        Assert.False(cache.TryGet("/frames/b.jpg", new FileStamp(1000, Written), out _));
    }

    [Fact]
    public void Add_AtTheBound_StartsAgainEmpty()
    {
        JpegHeaderCache cache = new();
        for (int i = 0; i < JpegHeaderCache.MaxEntries; i++)
        {
            cache.Add($"/frames/{i}.jpg", new FileStamp(1000, Written), Header);
        }

        cache.Add("/frames/0.jpg", new FileStamp(2000, Written), Header);
        Assert.Equal(JpegHeaderCache.MaxEntries, cache.Count);

        cache.Add("/frames/new.jpg", new FileStamp(1000, Written), Header);
        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGet("/frames/new.jpg", new FileStamp(1000, Written), out _));
    }

    [Fact]
    public void JpegFileReader_AFileRewrittenWithAnotherPicture_GivesTheNewPicturesSize()
    {
        string path = _folder.File("frame.jpg");
        FramePool pool = new(4096);
        using JpegFileReader reader = new();
        File.WriteAllBytes(path, TestJpegs.Make(64, 48, seed: 1));
        File.SetLastWriteTimeUtc(path, Written);
        Assert.Equal((64, 48), Load(reader, path, pool));
        Assert.Equal((64, 48), Load(reader, path, pool));

        File.WriteAllBytes(path, TestJpegs.Make(96, 64, seed: 2));
        File.SetLastWriteTimeUtc(path, Written);

        Assert.Equal((96, 64), Load(reader, path, pool));
    }

    private static (int Width, int Height) Load(JpegFileReader reader, string path, FramePool pool)
    {
        Assert.Equal(FileLoadResult.Loaded, reader.Load(path, pool, out Frame? frame, out _, out JpegHeader header, out string? reason, out _));
        Assert.Null(reason);
        frame!.Release();
        return (header.Width, header.Height);
    }
}
