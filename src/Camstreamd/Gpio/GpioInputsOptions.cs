namespace Camstreamd.Gpio;

/// <summary><c>Gpio:Inputs</c>.</summary>
public sealed class GpioInputsOptions
{
    /// <summary>The privacy switch or button; without a <c>Line</c>, none.</summary>
    public GpioInputOptions Privacy { get; set; } = new();
}
