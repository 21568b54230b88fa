using Camstreamd.Configuration;
using Camstreamd.Gpio;
using Microsoft.Extensions.Configuration;

namespace Camstreamd.Tests.Gpio;

/// <summary>The <c>Gpio</c> keys as the loader binds and validates them (the values; the hardware checks run in vivid-vm --gpio).</summary>
public sealed class GpioConfigurationTests
{
    [Fact]
    public void Defaults_AreOff_OnGpiochip0_WithAutomaticDriver()
    {
        CamstreamdSettings settings = Bind([]) ?? throw new InvalidOperationException("defaults did not validate");

        Assert.False(settings.Gpio.IsEnabled);
        Assert.Equal("gpiochip0", settings.Gpio.Chip);
        Assert.Equal("auto", settings.Gpio.Driver);
        Assert.Null(settings.Gpio.Inputs.Privacy.Line);
        Assert.Equal("switch", settings.Gpio.Inputs.Privacy.Mode);
        Assert.Equal(TimeSpan.FromSeconds(0.05), settings.Gpio.Inputs.Privacy.Debounce);
    }

    [Fact]
    public void NestedOutputsAndInput_AreBound()
    {
        GpioOptions gpio = new();
        List<string> errors = new();
        GpioOptionsBinder.Bind(Configuration([
            ("Gpio:Chip", "pinctrl-rp1"), ("Gpio:Driver", "v1"),
            ("Gpio:Outputs:Watched:Line", "17"), ("Gpio:Outputs:Watched:ActiveLow", "true"), ("Gpio:Outputs:Ready:Line", "GPIO22"),
            ("Gpio:Inputs:Privacy:Line", "27"), ("Gpio:Inputs:Privacy:Bias", "pull-up"), ("Gpio:Inputs:Privacy:ActiveLow", "true"),
            ("Gpio:Inputs:Privacy:Mode", "button"), ("Gpio:Inputs:Privacy:Debounce", "0.1"),
        ]).GetSection("Gpio"), gpio, errors);

        Assert.Empty(errors);
        Assert.Equal("pinctrl-rp1", gpio.Chip);
        Assert.Equal("v1", gpio.Driver);
        Assert.Equal(("17", true), (gpio.Outputs.Watched.Line, gpio.Outputs.Watched.ActiveLow));
        Assert.Equal("GPIO22", gpio.Outputs.Ready.Line);
        Assert.Null(gpio.Outputs.Streaming.Line);
        Assert.Equal([GpioOutput.Watched, GpioOutput.Ready], gpio.Outputs.Configured().Select(o => o.Output));
        Assert.Equal(("27", "pull-up", "button", TimeSpan.FromSeconds(0.1)), (gpio.Inputs.Privacy.Line, gpio.Inputs.Privacy.Bias, gpio.Inputs.Privacy.Mode, gpio.Inputs.Privacy.Debounce));
        Assert.True(gpio.IsEnabled);
        GpioOptionsValidator.ValidateValues(gpio, errors);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("Gpio:Pin", "4", "Gpio:Pin is not a known key; the Gpio keys are: Chip, Driver, Outputs, Inputs.")]
    [InlineData("Gpio:Outputs:Tally:Line", "4", "Gpio:Outputs:Tally is not a known key; the Gpio:Outputs keys are: Watched, Streaming, Ready, Publishing.")]
    [InlineData("Gpio:Outputs:Watched", "4", "Gpio:Outputs:Watched is '4'; allowed: an object such as { \"Line\": 17, \"ActiveLow\": false }.")]
    [InlineData("Gpio:Outputs:Watched:Pin", "4", "Gpio:Outputs:Watched:Pin is not a known key; the Gpio:Outputs:Watched keys are: Line, ActiveLow.")]
    [InlineData("Gpio:Outputs:Watched:ActiveLow", "yes", "Gpio:Outputs:Watched:ActiveLow is 'yes'; allowed: true or false.")]
    [InlineData("Gpio:Inputs:Door:Line", "4", "Gpio:Inputs:Door is not a known key; the Gpio:Inputs keys are: Privacy.")]
    [InlineData("Gpio:Inputs:Privacy:Debounce", "soon", "Gpio:Inputs:Privacy:Debounce is 'soon'; allowed: a duration in seconds")]
    public void UnknownKeyOrWrongType_IsRejectedNamingIt(string key, string value, string expected)
    {
        List<string> errors = new();
        Assert.Null(SettingsLoader.Bind(Configuration([(key, value)]), errors));
        Assert.Contains(errors, error => error.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Gpio:Driver", "v3", "Gpio:Driver is 'v3'; allowed: auto (libgpiod v2 when libgpiod.so.3 loads, else v1), v2 or v1.")]
    [InlineData("Gpio:Chip", " ", "Gpio:Chip is empty; allowed: a chip name such as gpiochip0, a path such as /dev/gpiochip4, or a chip label such as pinctrl-rp1.")]
    [InlineData("Gpio:Outputs:Watched:Line", "-1", "Gpio:Outputs:Watched:Line is -1; allowed: a line offset of 0 or more, or a line name such as GPIO17.")]
    [InlineData("Gpio:Outputs:Streaming:Line", "", "Gpio:Outputs:Streaming:Line is empty; allowed: a line offset such as 17 or a line name such as GPIO17.")]
    [InlineData("Gpio:Inputs:Privacy:Bias", "up", "Gpio:Inputs:Privacy:Bias is 'up'; allowed: pull-up, pull-down or disabled (an external resistor).")]
    [InlineData("Gpio:Inputs:Privacy:Mode", "toggle", "Gpio:Inputs:Privacy:Mode is 'toggle'; allowed: switch (privacy while the line is active) or button (each press toggles privacy).")]
    [InlineData("Gpio:Inputs:Privacy:Debounce", "2", "Gpio:Inputs:Privacy:Debounce is 2 s; allowed: 0 to 1 s.")]
    public void BadValue_IsRejectedNamingKeyValueAndWhatIsAllowed(string key, string value, string expected)
    {
        GpioOptions gpio = new();
        List<string> errors = new();
        GpioOptionsBinder.Bind(Configuration([("Gpio:Inputs:Privacy:Line", "27"), (key, value)]).GetSection("Gpio"), gpio, errors);
        Assert.Empty(errors);

        GpioOptionsValidator.ValidateValues(gpio, errors);

        Assert.Equal([expected], errors);
    }

    [Theory]
    [InlineData("pull-up", "false", "Gpio:Inputs:Privacy:Bias is 'pull-up' with ActiveLow false; allowed: pull-up with ActiveLow true")]
    [InlineData("pull-down", "true", "Gpio:Inputs:Privacy:Bias is 'pull-down' with ActiveLow true; allowed: pull-down with ActiveLow false")]
    public void BiasAgainstActiveLevel_IsRejectedSayingWhichPairsWork(string bias, string activeLow, string expected)
    {
        GpioOptions gpio = new();
        List<string> errors = new();
        GpioOptionsBinder.Bind(Configuration([("Gpio:Inputs:Privacy:Line", "27"), ("Gpio:Inputs:Privacy:Bias", bias), ("Gpio:Inputs:Privacy:ActiveLow", activeLow)]).GetSection("Gpio"), gpio, errors);

        GpioOptionsValidator.ValidateValues(gpio, errors);

        Assert.Single(errors);
        Assert.StartsWith(expected, errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void ChangedLine_IsNotTheSameConfiguration_ForAReload()
    {
        GpioOptions before = new();
        before.Outputs.Watched.Line = "17";
        GpioOptions same = new();
        same.Outputs.Watched.Line = "17";
        GpioOptions moved = new();
        moved.Outputs.Watched.Line = "18";

        Assert.True(GpioOptionsComparer.Same(before, same));
        Assert.False(GpioOptionsComparer.Same(before, moved));
    }

    private static CamstreamdSettings? Bind((string Key, string Value)[] values)
    {
        List<string> errors = new();
        CamstreamdSettings? settings = SettingsLoader.Bind(Configuration(values), errors);
        Assert.True(settings is not null, string.Join(Environment.NewLine, errors));
        return settings;
    }

    private static IConfiguration Configuration((string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
