using Camstreamd.Interop.Gpio;

namespace Camstreamd.Gpio;

/// <summary>A chip found from <c>Gpio:Chip</c>: its device, its number for System.Device.Gpio, and what the kernel says of it.</summary>
internal sealed record GpioChipLocation(string Path, int Number, GpioChipDescription Description)
{
    /// <summary>For messages: <c>/dev/gpiochip0 (vivid-vm-gpio, 8 lines)</c>.</summary>
    public override string ToString() => $"{Path} ({Description.Label}, {Description.Lines} lines)";
}
