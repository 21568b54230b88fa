namespace Camstreamd.Gpio;

/// <summary>
/// The <c>Gpio</c> section: a tally light and status outputs, and a privacy switch, on one GPIO chip.
/// Nothing is touched unless at least one output or input has a <c>Line</c>.
/// </summary>
public sealed class GpioOptions
{
    public const string SectionName = "Gpio";

    /// <summary>The default of <see cref="Chip"/>.</summary>
    public const string DefaultChip = "gpiochip0";

    /// <summary>The default of <see cref="Driver"/>.</summary>
    public const string DefaultDriver = GpioDriverChoice.Auto;

    /// <summary>A chip name (<c>gpiochip0</c>), a device path (<c>/dev/gpiochip4</c>) or a chip label (<c>pinctrl-rp1</c>). <value>The default value is <c>gpiochip0</c>.</value></summary>
    public string Chip { get; set; } = DefaultChip;

    /// <summary><c>auto</c> (libgpiod v2 when <c>libgpiod.so.3</c> loads, else v1), <c>v2</c> or <c>v1</c>. <value>The default value is <c>auto</c>.</value></summary>
    public string Driver { get; set; } = DefaultDriver;

    public GpioOutputsOptions Outputs { get; set; } = new();

    public GpioInputsOptions Inputs { get; set; } = new();

    /// <summary>True when any line is configured, i.e. the daemon opens the chip.</summary>
    public bool IsEnabled => Outputs.Configured().Any() || Inputs.Privacy.Line is not null;
}
