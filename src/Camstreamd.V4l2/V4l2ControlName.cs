using System.Text;

namespace Camstreamd.V4l2;

/// <summary>
/// Control names as users type them: the driver's name in lower case with every run of characters
/// that are not letters or digits turned into one '_', none at either end ("Power Line Frequency" →
/// "power_line_frequency", "White Balance, Automatic" → "white_balance_automatic"), which is what
/// v4l2-ctl shows, so names copied from <c>v4l2-ctl -l</c> work.
/// </summary>
public static class V4l2ControlName
{
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        StringBuilder builder = new(name.Length);
        bool pendingSeparator = false;
        foreach (char c in name)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingSeparator && builder.Length > 0)
                {
                    builder.Append('_');
                }

                pendingSeparator = false;
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pendingSeparator = true;
            }
        }

        return builder.ToString();
    }
}
