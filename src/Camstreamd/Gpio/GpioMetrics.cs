using System.Globalization;
using System.Text;
using Camstreamd.Privacy;

namespace Camstreamd.Gpio;

/// <summary>The privacy and GPIO series of <c>/metrics</c> (Prometheus text format).</summary>
internal static class GpioMetrics
{
    public static void Write(StringBuilder text, GpioState gpio, PrivacyMode privacy)
    {
        text.Append("# HELP camstreamd_privacy 1 while privacy is on: the camera is released and viewers get the privacy picture.\n# TYPE camstreamd_privacy gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"camstreamd_privacy {(privacy.IsOn ? 1 : 0)}\n");
        if (gpio.Outputs.Count == 0)
        {
            return;
        }

        text.Append("# HELP camstreamd_gpio_output 1 while a GPIO output shows its state (watched, streaming, ready, publishing).\n# TYPE camstreamd_gpio_output gauge\n");
        foreach (GpioOutputState output in gpio.Outputs)
        {
            text.Append(CultureInfo.InvariantCulture, $"camstreamd_gpio_output{{output=\"{output.Name}\",line=\"{output.Line}\"}} {(output.On ? 1 : 0)}\n");
        }

        text.Append("# HELP camstreamd_gpio_output_failures_total Writes to a GPIO output that failed.\n# TYPE camstreamd_gpio_output_failures_total counter\n");
        foreach (GpioOutputState output in gpio.Outputs)
        {
            text.Append(CultureInfo.InvariantCulture, $"camstreamd_gpio_output_failures_total{{output=\"{output.Name}\",line=\"{output.Line}\"}} {output.Failures}\n");
        }
    }
}
