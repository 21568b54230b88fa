using Camstreamd.Gpio;

namespace Camstreamd.Tests.Gpio;

/// <summary>
/// Gpio:Driver: auto takes libgpiod v2 when libgpiod.so.3 loads, else v1 (the library's own default would take v1
/// whenever libgpiod.so.2 is present); v1 and v2 are taken as given. The v1 ABI itself cannot run in the test VM.
/// </summary>
public sealed class GpioDriverChoiceTests
{
    [Theory]
    [InlineData("auto", true, "v2")]
    [InlineData("auto", false, "v1")]
    [InlineData("AUTO", true, "v2")]
    [InlineData("v1", true, "v1")]
    [InlineData("v2", false, "v2")]
    [InlineData("V2", false, "v2")]
    public void Choose_PicksV2OnlyWhenLibgpiodSo3Loads_UnlessGiven(string configured, bool so3Loads, string expected)
    {
        List<string> asked = new();
        string chosen = GpioDriverChoice.Choose(configured, library =>
        {
            asked.Add(library);
            return so3Loads && library == "libgpiod.so.3";
        });

        Assert.Equal(expected, chosen);
        if (configured.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Equal(["libgpiod.so.3"], asked);
        }
        else
        {
            Assert.Empty(asked);
        }
    }

    [Fact]
    public void CanLoad_IsFalseForALibraryThatDoesNotExist_AndTrueForLibc()
    {
        Assert.False(GpioDriverChoice.CanLoad("libcamstreamd-no-such-library.so.9"));
        Assert.True(GpioDriverChoice.CanLoad("libc.so.6"));
    }
}
