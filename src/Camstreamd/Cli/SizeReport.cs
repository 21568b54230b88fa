using System.Globalization;
using Camstreamd.V4l2;

namespace Camstreamd.Cli;

/// <summary>One frame size of a format with its frame rates.</summary>
internal sealed record SizeReport(V4l2FrameSize Size, IReadOnlyList<V4l2FrameInterval> Intervals)
{
    /// <summary>Rates as "25, 12.5, 5" (discrete) or "1-30" (a range), highest first.</summary>
    public string DescribeRates()
    {
        if (Intervals.Count == 0)
        {
            return "-";
        }

        return string.Join(", ", Intervals.OrderByDescending(i => i.MaxFramesPerSecond).Select(i => i.IsDiscrete
            ? Format(i.MaxFramesPerSecond)
            : $"{Format(i.MinFramesPerSecond)}-{Format(i.MaxFramesPerSecond)}"));
    }

    public static string Format(double framesPerSecond) => framesPerSecond.ToString("0.###", CultureInfo.InvariantCulture);
}
