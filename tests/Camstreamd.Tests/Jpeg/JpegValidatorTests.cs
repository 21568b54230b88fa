using Camstreamd.Jpeg;
using Camstreamd.TestSupport;
using Camstreamd.TurboJpeg;

namespace Camstreamd.Tests.Jpeg;

public sealed class JpegValidatorTests
{
    private static readonly byte[] Whole = TestJpegs.Make(64, 48);

    [Fact]
    public void TryValidate_WholeJpeg_ReturnsItsLength()
    {
        Assert.True(JpegValidator.TryValidate(Whole, out int length, out string? reason));
        Assert.Equal(Whole.Length, length);
        Assert.Null(reason);
    }

    [Fact]
    public void TryValidate_ZeroPaddingAfterEoi_IsTrimmed()
    {
        byte[] padded = [.. Whole, .. new byte[1000]];

        Assert.True(JpegValidator.TryValidate(padded, out int length, out _));
        Assert.Equal(Whole.Length, length);
    }

    [Fact]
    public void TryValidate_Truncated_SaysSo()
    {
        Assert.False(JpegValidator.TryValidate(Whole.AsSpan(0, Whole.Length - 40), out int length, out string? reason));
        Assert.Equal(0, length);
        Assert.Equal(JpegValidator.NoEndReason, reason);
    }

    [Fact]
    public void TryValidate_NoSoi_SaysSo()
    {
        byte[] broken = [.. Whole];
        broken[1] = 0xD9;

        Assert.False(JpegValidator.TryValidate(broken, out _, out string? reason));
        Assert.Equal(JpegValidator.NoStartReason, reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(JpegValidator.MinimumLength - 1)]
    public void TryValidate_TooShort_SaysSo(int size)
    {
        byte[] tiny = new byte[size];
        if (size >= 4)
        {
            tiny[0] = 0xFF;
            tiny[1] = 0xD8;
            tiny[^2] = 0xFF;
            tiny[^1] = 0xD9;
        }

        Assert.False(JpegValidator.TryValidate(tiny, out _, out string? reason));
        Assert.Equal(JpegValidator.TooShortReason, reason);
    }

    [Fact]
    public void TryValidate_SoiFollowedOnlyByZeros_IsTooShortNotValid()
    {
        byte[] empty = new byte[4096];
        empty[0] = 0xFF;
        empty[1] = 0xD8;

        Assert.False(JpegValidator.TryValidate(empty, out _, out string? reason));
        Assert.Equal(JpegValidator.TooShortReason, reason);
    }

    [Fact]
    public void MinimumLength_IsBelowTheSmallestRealJpeg()
    {
        byte[] smallest = JpegSegments.StripHuffmanTables(TestJpegs.Make(8, 8, subsampling: JpegSubsampling.Gray, quality: 10));

        Assert.True(smallest.Length >= JpegValidator.MinimumLength, $"an 8x8 gray JPEG without tables has {smallest.Length} bytes");
        Assert.True(JpegValidator.TryValidate(smallest, out _, out _));
    }
}
