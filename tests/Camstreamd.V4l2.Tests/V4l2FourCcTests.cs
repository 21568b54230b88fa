namespace Camstreamd.V4l2.Tests;

public sealed class V4l2FourCcTests
{
    [Theory]
    [InlineData("YUYV", 0x56595559u)]
    [InlineData("MJPG", 0x47504A4Du)]
    [InlineData("NV12", 0x3231564Eu)]
    public void Parse_KnownCodes_RoundTrips(string text, uint code)
    {
        Assert.Equal(code, V4l2FourCc.Parse(text));
        Assert.Equal(text, V4l2FourCc.ToString(code));
    }

    [Fact]
    public void Parse_WrongLength_IsRejectedWithTheValue()
    {
        FormatException error = Assert.Throws<FormatException>(() => V4l2FourCc.Parse("YUV"));

        Assert.Contains("'YUV'", error.Message, StringComparison.Ordinal);
    }
}
