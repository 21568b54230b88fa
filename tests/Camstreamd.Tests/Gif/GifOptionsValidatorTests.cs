using Camstreamd.Gif;

namespace Camstreamd.Tests.Gif;

public sealed class GifOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        List<string> errors = new();
        GifOptionsValidator.Validate(new GifOptions(), errors);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("Width", "8", "Gif:Width is 8; allowed: 16 to 4096")]
    [InlineData("FramesPerSecond", "0", "Gif:FramesPerSecond is 0; allowed: 0.1 to 50.")]
    [InlineData("FramesPerSecond", "60", "Gif:FramesPerSecond is 60; allowed: 0.1 to 50.")]
    [InlineData("Colors", "1", "Gif:Colors is 1; allowed: 2 to 256.")]
    [InlineData("Colors", "300", "Gif:Colors is 300; allowed: 2 to 256.")]
    [InlineData("Dither", "ordered", "Gif:Dither is 'ordered'; allowed: none or floyd-steinberg.")]
    public void BadValue_NamesTheKeyTheValueAndWhatIsAllowed(string key, string value, string expected)
    {
        GifOptions options = new();
        switch (key)
        {
            case "Width": options.Width = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "FramesPerSecond": options.FramesPerSecond = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "Colors": options.Colors = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            default: options.Dither = value; break;
        }

        List<string> errors = new();
        GifOptionsValidator.Validate(options, errors);

        Assert.Contains(errors, error => error.StartsWith(expected, StringComparison.Ordinal));
    }
}
