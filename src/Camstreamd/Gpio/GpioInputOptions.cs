namespace Camstreamd.Gpio;

/// <summary>An input line: <c>{ "Line": 27, "ActiveLow": true, "Bias": "pull-up", "Mode": "switch", "Debounce": 0.05 }</c>.</summary>
public sealed class GpioInputOptions
{
    public const string BiasPullUp = "pull-up";
    public const string BiasPullDown = "pull-down";
    public const string BiasDisabled = "disabled";
    public const string ModeSwitch = "switch";
    public const string ModeButton = "button";

    /// <summary>The default of <see cref="Debounce"/>.</summary>
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(50);

    /// <summary>The line's offset (<c>27</c>) or name (<c>GPIO27</c>); absent: no input. <value>The default value is null.</value></summary>
    public string? Line { get; set; }

    /// <summary>True: the line is active when low (a switch or button to ground). <value>The default value is false.</value></summary>
    public bool ActiveLow { get; set; }

    /// <summary><c>pull-up</c>, <c>pull-down</c> or <c>disabled</c> (an external resistor). <value>The default value is <c>disabled</c>.</value></summary>
    public string Bias { get; set; } = BiasDisabled;

    /// <summary><c>switch</c>: active means privacy; <c>button</c>: each press toggles it. <value>The default value is <c>switch</c>.</value></summary>
    public string Mode { get; set; } = ModeSwitch;

    /// <summary>Level changes closer together than this are contact bounce and ignored. <value>The default value is 0.05 s.</value></summary>
    public TimeSpan Debounce { get; set; } = DefaultDebounce;
}
