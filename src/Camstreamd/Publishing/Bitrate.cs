using System.Globalization;

namespace Camstreamd.Publishing;

/// <summary><c>Publish:Targets:N:Bitrate</c>: bits per second as ffmpeg writes them, <c>2000k</c>, <c>1.5M</c> or <c>800000</c>.</summary>
internal static class Bitrate
{
    public const long Minimum = 10_000;
    public const long Maximum = 100_000_000;

    public static bool TryParse(string text, out long bitsPerSecond)
    {
        bitsPerSecond = 0;
        text = text.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        double scale = char.ToLowerInvariant(text[^1]) switch
        {
            'k' => 1_000,
            'm' => 1_000_000,
            _ => 1,
        };
        string number = scale == 1 ? text : text[..^1];
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            return false;
        }

        bitsPerSecond = (long)Math.Round(value * scale);
        return true;
    }
}
