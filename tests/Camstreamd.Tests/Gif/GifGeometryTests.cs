using Camstreamd.Gif;

namespace Camstreamd.Tests.Gif;

public sealed class GifGeometryTests
{
    [Theory]
    [InlineData(1280, 720, 480, 480, 270)]
    [InlineData(1280, 720, 320, 320, 180)]
    [InlineData(320, 180, 480, 320, 180)]
    [InlineData(640, 480, 100, 100, 75)]
    public void OutputSize_KeepsTheAspectRatio_AndNeverExceedsTheSource(int sourceWidth, int sourceHeight, int configured, int width, int height)
    {
        Assert.Equal((width, height), GifGeometry.OutputSize(sourceWidth, sourceHeight, configured));
    }

    [Theory]
    [InlineData(1280, 720, 640, 360, 2)]
    [InlineData(1280, 720, 480, 270, 2)]
    [InlineData(1280, 720, 320, 180, 4)]
    [InlineData(1280, 720, 160, 90, 8)]
    [InlineData(1280, 720, 1000, 563, 1)]
    [InlineData(1281, 721, 641, 361, 2)]
    public void ScaleDenominator_IsTheLargestDecoderScalingThatStillCoversTheOutput(int sourceWidth, int sourceHeight, int width, int height, int expected)
    {
        Assert.Equal(expected, GifGeometry.ScaleDenominator(sourceWidth, sourceHeight, width, height));
    }
}
