using System.Text.Json;
using Camstreamd.Privacy;

namespace Camstreamd.Gpio;

/// <summary>The <c>privacy</c> and <c>gpio</c> objects of <c>/state</c>.</summary>
internal static class GpioStateJson
{
    public static void Write(Utf8JsonWriter json, GpioState gpio, PrivacyMode privacy)
    {
        (bool on, string? reason, DateTimeOffset? since) = privacy.Current;
        json.WriteStartObject("privacy");
        json.WriteBoolean("on", on);
        json.WriteString("reason", reason);
        if (since is DateTimeOffset changed)
        {
            json.WriteString("since", changed);
        }
        else
        {
            json.WriteNull("since");
        }

        json.WriteEndObject();

        json.WriteStartObject("gpio");
        json.WriteBoolean("configured", gpio.Configured);
        json.WriteString("chip", gpio.Chip);
        json.WriteString("driver", gpio.Driver);
        json.WriteString("error", gpio.Error);
        json.WriteStartArray("outputs");
        foreach (GpioOutputState output in gpio.Outputs)
        {
            json.WriteStartObject();
            json.WriteString("name", output.Name);
            json.WriteNumber("line", output.Line);
            json.WriteBoolean("on", output.On);
            json.WriteBoolean("failing", output.Failing);
            json.WriteNumber("failures", output.Failures);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (gpio.PrivacyLine is int line)
        {
            json.WriteNumber("privacyLine", line);
        }
        else
        {
            json.WriteNull("privacyLine");
        }

        json.WriteEndObject();
    }
}
