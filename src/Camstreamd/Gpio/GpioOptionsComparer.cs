namespace Camstreamd.Gpio;

/// <summary>Whether two <c>Gpio</c> sections configure the same lines the same way (a reload reopens them otherwise).</summary>
internal static class GpioOptionsComparer
{
    public static bool Same(GpioOptions a, GpioOptions b) => Describe(a) == Describe(b);

    private static string Describe(GpioOptions gpio)
    {
        GpioInputOptions privacy = gpio.Inputs.Privacy;
        return string.Join(
            '|',
            gpio.Chip,
            gpio.Driver,
            string.Join(',', gpio.Outputs.Configured().Select(o => $"{o.Key}={o.Options.Line}/{o.Options.ActiveLow}")),
            $"{privacy.Line}/{privacy.ActiveLow}/{privacy.Bias}/{privacy.Mode}/{privacy.Debounce.Ticks}");
    }
}
