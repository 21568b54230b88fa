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

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<value>[0-9.eE+-]+|NaN)$", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
