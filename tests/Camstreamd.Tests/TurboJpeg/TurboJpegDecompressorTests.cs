using Camstreamd.TestSupport;
using Camstreamd.TurboJpeg;

namespace Camstreamd.Tests.TurboJpeg;

public sealed class TurboJpegDecompressorTests
{
    public static TheoryData<string, byte[]> NotJpegs => new()
    {
        { "empty", [] },
        { "text", "hello, this is not a picture at all"u8.ToArray() },
        { "zeros", new byte[4096] },
        { "png signature", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] },
        { "SOI only", [0xFF, 0xD8] },
    };

    [Theory]
    [MemberData(nameof(NotJpegs))]
    public void TryReadHeader_NotAJpeg_ReturnsFalse(string what, byte[] data)
    {
        using TurboJpegDecompressor decompressor = new();

        Assert.False(decompressor.TryReadHeader(data, out JpegHeader header), what);
        Assert.Equal(default, header);
    }

    [Fact]
    public void TryReadHeader_JpegCutBeforeItsFrameHeader_ReturnsFalse()
    {
        byte[] jpeg = TestJpegs.Make(64, 48);
        using TurboJpegDecompressor decompressor = new();

        Assert.False(decompressor.TryReadHeader(jpeg.AsSpan(0, 30), out _));
        Assert.False(string.IsNullOrEmpty(decompressor.LastError));
    }

    [Fact]
    public void Decompress_Garbage_ThrowsWithTheLibrarysMessage()
    {
        using TurboJpegDecompressor decompressor = new();

        TurboJpegException ex = Assert.Throws<TurboJpegException>(() => decompressor.Decompress(new byte[512], new byte[1024], TurboPixelFormat.Rgb));

        Assert.Contains("tjDecompressHeader3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decompress_DestinationTooSmall_Throws()
    {
        byte[] jpeg = TestJpegs.Make(64, 48);
        using TurboJpegDecompressor decompressor = new();

        Assert.Throws<ArgumentException>(() => decompressor.Decompress(jpeg, new byte[(64 * 48 * 3) - 1], TurboPixelFormat.Rgb));
    }
}
