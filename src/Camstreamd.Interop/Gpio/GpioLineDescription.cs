namespace Camstreamd.Interop.Gpio;

/// <summary>One line of a chip as the kernel describes it.</summary>
/// <param name="Offset">The line's offset on its chip.</param>
/// <param name="Name">The line's name (e.g. <c>GPIO17</c>), empty when it has none.</param>
/// <param name="Consumer">Who requested the line, empty when nobody did or the holder gave no name.</param>
/// <param name="Flags">The kernel's <c>GPIO_V2_LINE_FLAG_*</c> bits.</param>
internal sealed record GpioLineDescription(int Offset, string Name, string Consumer, GpioLineFlags Flags)
{
    public bool IsUsed => Flags.HasFlag(GpioLineFlags.Used);

    public string Direction => Flags.HasFlag(GpioLineFlags.Output) ? "output" : "input";
}
