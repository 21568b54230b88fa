namespace Camstreamd.V4l2.Tests;

public sealed class V4l2ControlNameTests
{
    [Theory]
    [InlineData("Brightness", "brightness")]
    [InlineData("Power Line Frequency", "power_line_frequency")]
    [InlineData("White Balance, Automatic", "white_balance_automatic")]
    [InlineData("Integer 32 Bits", "integer_32_bits")]
    [InlineData("  Exposure (Absolute) ", "exposure_absolute")]
    [InlineData("power_line_frequency", "power_line_frequency")]
    public void Normalize_DriverName_GivesV4l2CtlSpelling(string name, string expected)
    {
        Assert.Equal(expected, V4l2ControlName.Normalize(name));
    }
}
