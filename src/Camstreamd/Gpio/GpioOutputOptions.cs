namespace Camstreamd.Gpio;

/// <summary>One output line, e.g. <c>{ "Line": 17, "ActiveLow": false }</c>.</summary>
public sealed class GpioOutputOptions
{
    /// <summary>The line's offset on the chip (<c>17</c>) or its name (<c>GPIO17</c>); absent: not used. <value>The default value is null.</value></summary>
    public string? Line { get; set; }

    /// <summary>True drives the line low for "on" (an LED wired to 3.3 V). <value>The default value is false.</value></summary>
    public bool ActiveLow { get; set; }
}
