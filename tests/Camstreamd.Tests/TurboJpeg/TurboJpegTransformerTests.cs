using Camstreamd.TestSupport;
using Camstreamd.TurboJpeg;

namespace Camstreamd.Tests.TurboJpeg;

public sealed class TurboJpegTransformerTests
{
    public static TheoryData<JpegTransform> AllTransforms => new(Enum.GetValues<JpegTransform>());

    [Fact]
    public void Transform_Rotate90Of64x32_Gives32x64WithPixelsMovedClockwise()
    {
        const int width = 64, height = 32;

        // A bright block in the top-left corner must end up in the top-right corner.
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < 8; y++)
        {
            rgb.AsSpan(y * width * 3, 8 * 3).Fill(250);
        }

        byte[] jpeg = Encode(rgb, width, height, JpegSubsampling.Samp444);
        using TurboJpegTransformer transformer = new();
        byte[] output = new byte[TurboJpegTransformer.MaxTransformedSize(new JpegHeader(width, height, JpegSubsampling.Samp444), JpegTransform.Rotate90)];

        int length = transformer.Transform(jpeg, JpegTransform.Rotate90, output);

        (byte[] rotated, int rotatedWidth, int rotatedHeight) = TestJpegs.Decode(output.AsSpan(0, length));
        Assert.Equal((32, 64), (rotatedWidth, rotatedHeight));
        Assert.True(rotated[((4 * 32) + 28) * 3] > 200, "top-right corner should be bright");
        Assert.True(rotated[((4 * 32) + 3) * 3] < 50, "top-left corner should be dark");
        Assert.True(rotated[((60 * 32) + 28) * 3] < 50, "bottom-right corner should be dark");
    }

    [Theory]
    [MemberData(nameof(AllTransforms))]
    public void Transform_EachOperation_MatchesTheReferenceTransformOfTheDecodedPicture(JpegTransform transform)
    {
        const int width = 64, height = 48;
        byte[] jpeg = TestJpegs.Make(width, height, seed: 5, subsampling: JpegSubsampling.Samp420, quality: 95);
        (byte[] original, _, _) = TestJpegs.Decode(jpeg);
        (byte[] expected, int expectedWidth, int expectedHeight) = PixelTransforms.Apply(original, width, height, 3, transform);
        using TurboJpegTransformer transformer = new();
        byte[] output = new byte[TurboJpegTransformer.MaxTransformedSize(new JpegHeader(width, height, JpegSubsampling.Samp420), transform)];

        int length = transformer.Transform(jpeg, transform, output);

        (byte[] actual, int actualWidth, int actualHeight) = TestJpegs.Decode(output.AsSpan(0, length));
        Assert.Equal((expectedWidth, expectedHeight), (actualWidth, actualHeight));
        double mean = TestJpegs.MeanDifference(expected, actual);
        Assert.True(mean < 1.5, $"{transform}: mean difference {mean}");
    }

    [Theory]
    [MemberData(nameof(AllTransforms))]
    public void IsPerfect_AgreesWithTheLibrary_ForAPictureOfPartialMcus(JpegTransform transform)
    {
        // 72x40 at 4:2:0: 72 % 16 = 8 and 40 % 16 = 8, so only None and Transpose are perfect.
        const int width = 72, height = 40;
        byte[] jpeg = TestJpegs.Make(width, height, subsampling: JpegSubsampling.Samp420);
        using TurboJpegTransformer transformer = new();
        byte[] output = new byte[TurboJpegTransformer.MaxTransformedSize(new JpegHeader(width, height, JpegSubsampling.Samp420), transform)];
        bool perfect = JpegTransforms.IsPerfect(width, height, JpegSubsampling.Samp420, transform);

        Exception? error = Record.Exception(() => transformer.Transform(jpeg, transform, output));

        Assert.Equal(perfect, error is null);
        Assert.Equal(transform is JpegTransform.None or JpegTransform.Transpose, perfect);
        if (error is not null)
        {
            Assert.IsType<TurboJpegException>(error);
            Assert.Contains("tjTransform", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void IsPerfect_PartialMcuOnOneAxis_AllowsTheTransformsThatKeepThatEdge()
    {
        // 64x40 at 4:2:0: whole MCU columns, partial last MCU row.
        Assert.True(JpegTransforms.IsPerfect(64, 40, JpegSubsampling.Samp420, JpegTransform.FlipHorizontal));
        Assert.True(JpegTransforms.IsPerfect(64, 40, JpegSubsampling.Samp420, JpegTransform.Rotate270));
        Assert.False(JpegTransforms.IsPerfect(64, 40, JpegSubsampling.Samp420, JpegTransform.Rotate90));
        Assert.False(JpegTransforms.IsPerfect(1920, 1080, JpegSubsampling.Samp420, JpegTransform.Rotate180));
        Assert.True(JpegTransforms.IsPerfect(1280, 720, JpegSubsampling.Samp420, JpegTransform.Rotate180));
    }

    [Fact]
    public void Transform_DestinationTooSmall_Throws()
    {
        byte[] jpeg = TestJpegs.Make(64, 32);
        using TurboJpegTransformer transformer = new();

        Assert.Throws<ArgumentException>(() => transformer.Transform(jpeg, JpegTransform.Rotate180, new byte[jpeg.Length]));
    }

    [Fact]
    public void Transform_NotAJpeg_ThrowsTurboJpegException()
    {
        using TurboJpegTransformer transformer = new();

        Assert.Throws<TurboJpegException>(() => transformer.Transform(new byte[300], JpegTransform.Rotate90, new byte[100_000]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(90)]
    [InlineData(180)]
    [InlineData(270)]
    public void Combine_RotationAndFlips_EqualsApplyingThemInTurn(int rotation)
    {
        const int width = 3, height = 2;
        int[] grid = [1, 2, 3, 4, 5, 6];
        foreach (bool flipHorizontal in new[] { false, true })
        {
            foreach (bool flipVertical in new[] { false, true })
            {
                (int[] stepwise, int w, int h) = (grid, width, height);
                if (flipHorizontal)
                {
                    (stepwise, w, h) = PixelTransforms.Apply(stepwise, w, h, 1, JpegTransform.FlipHorizontal);
                }

                if (flipVertical)
                {
                    (stepwise, w, h) = PixelTransforms.Apply(stepwise, w, h, 1, JpegTransform.FlipVertical);
                }

                JpegTransform rotate = rotation switch { 90 => JpegTransform.Rotate90, 180 => JpegTransform.Rotate180, 270 => JpegTransform.Rotate270, _ => JpegTransform.None };
                (stepwise, w, h) = PixelTransforms.Apply(stepwise, w, h, 1, rotate);

                JpegTransform combined = JpegTransforms.Combine(rotation, flipHorizontal, flipVertical);
                (int[] single, int sw, int sh) = PixelTransforms.Apply(grid, width, height, 1, combined);
                Assert.Equal((w, h), (sw, sh));
                Assert.Equal(stepwise, single);
            }
        }
    }

    [Fact]
    public void Combine_BadRotation_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => JpegTransforms.Combine(45, false, false));
    }

    private static byte[] Encode(byte[] rgb, int width, int height, JpegSubsampling subsampling)
    {
        using TurboJpegCompressor compressor = new();
        byte[] buffer = new byte[TurboJpegCompressor.MaxCompressedSize(width, height, subsampling)];
        int length = compressor.Compress(rgb, width, width * 3, height, TurboPixelFormat.Rgb, subsampling, 95, buffer);
        return buffer.AsSpan(0, length).ToArray();
    }
}
