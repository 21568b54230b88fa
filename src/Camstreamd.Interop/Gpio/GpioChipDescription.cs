namespace Camstreamd.Interop.Gpio;

/// <summary>A GPIO chip as the kernel describes it.</summary>
/// <param name="Name">The kernel's name, e.g. <c>gpiochip0</c>.</param>
/// <param name="Label">The driver's label, e.g. <c>pinctrl-rp1</c> on a Raspberry Pi 5.</param>
/// <param name="Lines">How many lines the chip has (offsets 0 to Lines - 1).</param>
internal sealed record GpioChipDescription(string Name, string Label, int Lines);
