namespace Camstreamd.Gpio;

/// <summary>The GPIO side as /state and /metrics show it.</summary>
/// <param name="Configured">True when any line is configured.</param>
/// <param name="Chip">The chip's device (or the configured name when it could not be opened).</param>
/// <param name="Driver"><c>v2</c> or <c>v1</c>, null when nothing is open.</param>
/// <param name="Outputs">The open outputs.</param>
/// <param name="PrivacyLine">The privacy input's offset, null without one.</param>
/// <param name="Error">Why the lines could not be opened, or null.</param>
internal sealed record GpioState(bool Configured, string Chip, string? Driver, IReadOnlyList<GpioOutputState> Outputs, int? PrivacyLine, string? Error);
