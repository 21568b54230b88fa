using Camstreamd.TestSupport;
using Camstreamd.TurboJpeg;

namespace Camstreamd.Tests.TurboJpeg;

public sealed class TurboJpegCompressorTests
{
    [Theory]
    [InlineData(JpegSubsampling.Samp444)]
    [InlineData(JpegSubsampling.Samp422)]
    [InlineData(JpegSubsampling.Samp420)]
    public void Compress_RgbGradient_DecodesToSameSizeAndNearlySamePixels(JpegSubsampling subsampling)
    {
        const int width = 96, height = 64;
        byte[] rgb = TestJpegs.Gradient(width, height, seed: 3);
        using TurboJpegCompressor compressor = new();
        byte[] jpeg = new byte[TurboJpegCompressor.MaxCompressedSize(width, height, subsampling)];

        int length = compressor.Compress(rgb, width, width * 3, height, TurboPixelFormat.Rgb, subsampling, 95, jpeg);

        Assert.InRange(length, 200, jpeg.Length);
        using TurboJpegDecompressor decompressor = new();
        Assert.True(decompressor.TryReadHeader(jpeg.AsSpan(0, length), out JpegHeader header));
        Assert.Equal(new JpegHeader(width, height, subsampling), header);
        (byte[] decoded, _, _) = TestJpegs.Decode(jpeg.AsSpan(0, length));
        Assert.True(TestJpegs.MeanDifference(rgb, decoded) < 2.0, $"mean difference {TestJpegs.MeanDifference(rgb, decoded)}");
    }

    [Fact]
    public void Compress_PaddedPitch_IgnoresPadding()
    {
        const int width = 40, height = 24, pitch = (width * 3) + 8;
        byte[] tight = TestJpegs.Gradient(width, height, seed: 1);
        byte[] padded = new byte[pitch * height];
        for (int y = 0; y < height; y++)
        {
            tight.AsSpan(y * width * 3, width * 3).CopyTo(padded.AsSpan(y * pitch));
            padded.AsSpan((y * pitch) + (width * 3), 8).Fill(0xFF);
        }

        using TurboJpegCompressor compressor = new();
        byte[] jpeg = new byte[TurboJpegCompressor.MaxCompressedSize(width, height, JpegSubsampling.Samp444)];
        int length = compressor.Compress(padded, width, pitch, height, TurboPixelFormat.Rgb, JpegSubsampling.Samp444, 95, jpeg);

        (byte[] decoded, int decodedWidth, _) = TestJpegs.Decode(jpeg.AsSpan(0, length));
        Assert.Equal(width, decodedWidth);
        Assert.True(TestJpegs.MeanDifference(tight, decoded) < 2.0);
    }

    [Theory]
    [InlineData(JpegSubsampling.Samp420)]
    [InlineData(JpegSubsampling.Samp422)]
    public void CompressFromPlanes_TwoColourHalves_DecodeToThoseColours(JpegSubsampling subsampling)
    {
        const int width = 64, height = 48;
        int chromaWidth = width / 2;
        int chromaHeight = subsampling == JpegSubsampling.Samp420 ? height / 2 : height;
        byte[] y = new byte[width * height];
        byte[] u = new byte[chromaWidth * chromaHeight];
        byte[] v = new byte[chromaWidth * chromaHeight];

        // Left half red-ish, right half green-ish, in JFIF (full range) YCbCr.
        (byte Y, byte U, byte V) left = (76, 85, 255), right = (150, 44, 21);
        for (int row = 0; row < height; row++)
        {
            y.AsSpan(row * width, width / 2).Fill(left.Y);
            y.AsSpan((row * width) + (width / 2), width / 2).Fill(right.Y);
        }

        for (int row = 0; row < chromaHeight; row++)
        {
            u.AsSpan(row * chromaWidth, chromaWidth / 2).Fill(left.U);
            u.AsSpan((row * chromaWidth) + (chromaWidth / 2), chromaWidth / 2).Fill(right.U);
            v.AsSpan(row * chromaWidth, chromaWidth / 2).Fill(left.V);
            v.AsSpan((row * chromaWidth) + (chromaWidth / 2), chromaWidth / 2).Fill(right.V);
        }

        using TurboJpegCompressor compressor = new();
        byte[] jpeg = new byte[TurboJpegCompressor.MaxCompressedSize(width, height, subsampling)];
        int length = compressor.CompressFromPlanes(y, width, u, v, chromaWidth, width, height, subsampling, 95, jpeg);

        using TurboJpegDecompressor decompressor = new();
        Assert.True(decompressor.TryReadHeader(jpeg.AsSpan(0, length), out JpegHeader header));
        Assert.Equal(subsampling, header.Subsampling);
        (byte[] rgb, _, _) = TestJpegs.Decode(jpeg.AsSpan(0, length));
        AssertColour(rgb, width, 16, 24, ToRgb(left));
        AssertColour(rgb, width, 48, 24, ToRgb(right));
    }

    [Fact]
    public void CompressFromPlanes_Gray_GivesGrayJpegWithSameLuma()
    {
        const int width = 50, height = 30;
        byte[] y = new byte[width * height];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = (byte)(40 + ((i % width) * 3));
        }

        using TurboJpegCompressor compressor = new();
        byte[] jpeg = new byte[TurboJpegCompressor.MaxCompressedSize(width, height, JpegSubsampling.Gray)];
        int length = compressor.CompressFromPlanes(y, width, default, default, 0, width, height, JpegSubsampling.Gray, 95, jpeg);

        using TurboJpegDecompressor decompressor = new();
        Assert.True(decompressor.TryReadHeader(jpeg.AsSpan(0, length), out JpegHeader header));
        Assert.Equal(new JpegHeader(width, height, JpegSubsampling.Gray), header);
        byte[] gray = new byte[width * height];
        decompressor.Decompress(jpeg.AsSpan(0, length), gray, TurboPixelFormat.Gray);
        Assert.True(TestJpegs.MeanDifference(y, gray) < 1.5);
    }

    [Fact]
    public void Compress_DestinationSmallerThanMaxCompressedSize_ThrowsAndWritesNothing()
    {
        const int width = 64, height = 64;
        byte[] rgb = TestJpegs.Gradient(width, height);
        byte[] destination = new byte[TurboJpegCompressor.MaxCompressedSize(width, height, JpegSubsampling.Samp420) - 1];
        using TurboJpegCompressor compressor = new();

        ArgumentException ex = Assert.Throws<ArgumentException>(() =>
            compressor.Compress(rgb, width, width * 3, height, TurboPixelFormat.Rgb, JpegSubsampling.Samp420, 80, destination));

        Assert.Contains("MaxCompressedSize", ex.Message, StringComparison.Ordinal);
        Assert.All(destination, b => Assert.Equal(0, b));
    }

    [Fact]
    public void CompressFromPlanes_ChromaPlaneTooShort_ThrowsNamingThePlane()
    {
        const int width = 32, height = 32;
        using TurboJpegCompressor compressor = new();
        byte[] jpeg = new byte[TurboJpegCompressor.MaxCompressedSize(width, height, JpegSubsampling.Samp420)];

        ArgumentException ex = Assert.Throws<ArgumentException>(() => compressor.CompressFromPlanes(
            new byte[width * height], width, new byte[16 * 15], new byte[16 * 16], 16, width, height, JpegSubsampling.Samp420, 80, jpeg));

        Assert.Equal("u", ex.ParamName);
    }

    [Fact]
    public void Compress_QualityOutOfRange_Throws()
    {
        using TurboJpegCompressor compressor = new();
        byte[] jpeg = new byte[TurboJpegCompressor.MaxCompressedSize(8, 8, JpegSubsampling.Samp444)];

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            compressor.Compress(new byte[8 * 8 * 3], 8, 24, 8, TurboPixelFormat.Rgb, JpegSubsampling.Samp444, 101, jpeg));
    }

    [Fact]
    public void MaxCompressedSize_IsLargerThanTheRawPicture()
    {
        Assert.True(TurboJpegCompressor.MaxCompressedSize(1280, 720, JpegSubsampling.Samp420) > 1280 * 720 * 3 / 2);
    }

    private static (int R, int G, int B) ToRgb((byte Y, byte U, byte V) c) =>
        (Clamp(c.Y + (1.402 * (c.V - 128))),
         Clamp(c.Y - (0.344136 * (c.U - 128)) - (0.714136 * (c.V - 128))),
         Clamp(c.Y + (1.772 * (c.U - 128))));

    private static int Clamp(double value) => (int)Math.Clamp(Math.Round(value), 0, 255);

    private static void AssertColour(byte[] rgb, int width, int x, int y, (int R, int G, int B) expected)
    {
        int i = ((y * width) + x) * 3;
        Assert.InRange(rgb[i], expected.R - 6, expected.R + 6);
        Assert.InRange(rgb[i + 1], expected.G - 6, expected.G + 6);
        Assert.InRange(rgb[i + 2], expected.B - 6, expected.B + 6);
    }
}
