using System.Globalization;
using System.Text.RegularExpressions;

namespace Camstreamd.TestSupport;

/// <summary>Reads one value out of a /metrics answer (Prometheus text: a line `name value`, without labels).</summary>
public static partial class MetricsText
{
    /// <exception cref="InvalidOperationException"><paramref name="name"/> is not on its own line of <paramref name="metrics"/>.</exception>
    public static double Value(string metrics, string name)
    {
        foreach (Match line in SampleLine().Matches(metrics))
        {
            if (line.Groups["name"].Value == name)
            {
                return double.Parse(line.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"{name} is not on /metrics:\n{metrics}");
    }

    /// <summary>
    /// Reads /metrics through <paramref name="http"/> until <paramref name="name"/> is at least <paramref name="atLeast"/>
    /// and returns that answer; a <see cref="TimeoutException"/> with the last value after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<string> WaitForAtLeastAsync(HttpClient http, string name, double atLeast, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(http);
        string metrics = string.Empty;
        double value = double.NaN;
        await Eventually.TrueAsync(
            async () =>
            {
                metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
                value = Value(metrics, name);
                return value >= atLeast;
            },
            timeout,
            () => $"{name} is {value}, expected at least {atLeast}");
        return metrics;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<value>[0-9.eE+-]+|NaN)$", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
