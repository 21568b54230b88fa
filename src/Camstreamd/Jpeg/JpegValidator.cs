namespace Camstreamd.Jpeg;

/// <summary>
/// Decides cheaply whether a buffer holds one whole JPEG: SOI first, EOI last. Truncated frames (a
/// USB hiccup, a file still being written) end without EOI and must never reach a viewer. Reads a few
/// bytes, allocates nothing; the reasons are constant strings.
/// </summary>
internal static class JpegValidator
{
    /// <summary>
    /// Shorter than this is not a picture: the segments every baseline JPEG needs (SOI, one 64-entry
    /// DQT, SOF, SOS, EOI) already take about 100 bytes, even without Huffman tables.
    /// </summary>
    public const int MinimumLength = 100;

    public const string TooShortReason = "shorter than the minimum JPEG size of 100 bytes";

    public const string NoStartReason = "does not start with the JPEG SOI marker (FF D8)";

    public const string NoEndReason = "does not end with the JPEG EOI marker (FF D9): truncated";

    /// <summary>
    /// True when <paramref name="data"/> is a whole JPEG; <paramref name="length"/> is then its length
    /// without the zero padding some UVC cameras append after EOI. Otherwise <paramref name="reason"/> says why.
    /// </summary>
    public static bool TryValidate(ReadOnlySpan<byte> data, out int length, out string? reason)
    {
        length = 0;
        if (data.Length < MinimumLength)
        {
            reason = TooShortReason;
            return false;
        }

        if (data[0] != 0xFF || data[1] != 0xD8)
        {
            reason = NoStartReason;
            return false;
        }

        // UVC cameras deliver fixed-size payloads and some fill the rest with zeros; trim them.
        int end = data.Length;
        while (end > 0 && data[end - 1] == 0)
        {
            end--;
        }

        if (end < MinimumLength)
        {
            reason = TooShortReason;
            return false;
        }

        if (data[end - 2] != 0xFF || data[end - 1] != 0xD9)
        {
            reason = NoEndReason;
            return false;
        }

        length = end;
        reason = null;
        return true;
    }
}
