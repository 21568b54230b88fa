namespace Camstreamd.V4l2;

/// <summary>V4L2 pixel format codes: four ASCII characters packed little-endian (v4l2_fourcc in videodev2.h).</summary>
public static class V4l2FourCc
{
    public const uint MJPG = 0x47504A4D;
    public const uint JPEG = 0x4745504A;
    public const uint YUYV = 0x56595559;
    public const uint UYVY = 0x59565955;
    public const uint NV12 = 0x3231564E;
    public const uint NV12M = 0x32314D4E;
    public const uint YU12 = 0x32315559;
    public const uint YU12M = 0x32314D59;
    public const uint RGB3 = 0x33424752;
    public const uint GREY = 0x59455247;

    /// <summary>Packs four characters, e.g. "YUYV"; throws when <paramref name="text"/> is not 4 ASCII characters.</summary>
    public static uint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != 4 || !text.All(char.IsAscii))
        {
            throw new FormatException($"'{text}' is not a fourcc: it must be exactly four ASCII characters, such as YUYV or MJPG.");
        }

        return text[0] | ((uint)text[1] << 8) | ((uint)text[2] << 16) | ((uint)text[3] << 24);
    }

    /// <summary>The four characters of a code, e.g. "YUYV"; non-printable bytes become '?'.</summary>
    public static string ToString(uint code)
    {
        return string.Create(4, code, static (span, value) =>
        {
            for (int i = 0; i < 4; i++)
            {
                char c = (char)((value >> (8 * i)) & 0xFF);
                span[i] = c is >= ' ' and <= '~' ? c : '?';
            }
        });
    }
}
