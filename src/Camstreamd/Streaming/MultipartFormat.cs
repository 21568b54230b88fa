using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Camstreamd.Streaming;

/// <summary>
/// The bytes of the MJPEG multipart stream. Every part is followed at once by the next boundary
/// line, so a browser shows a frame as soon as it arrives instead of when the next one starts.
/// </summary>
internal static class MultipartFormat
{
    public const string Boundary = "camstreamdframe";

    public const string ContentType = "multipart/x-mixed-replace;boundary=" + Boundary;

    /// <summary>Enough for the part header with the largest numbers.</summary>
    public const int MaxPartHeaderLength = 128;

    /// <summary>The first bytes of the body.</summary>
    public static ReadOnlyMemory<byte> Opening { get; } = "--camstreamdframe\r\n"u8.ToArray();

    /// <summary>After each JPEG: ends the part and opens the next.</summary>
    public static ReadOnlySpan<byte> PartTrailer => "\r\n--camstreamdframe\r\n"u8;

    /// <summary>Writes the part's headers and the blank line; returns the byte count. Allocation-free.</summary>
    public static int WritePartHeader(Span<byte> destination, int contentLength, long unixTimeMicroseconds)
    {
        int written = Append(destination, "Content-Type: image/jpeg\r\nContent-Length: "u8);
        written += Format(destination[written..], contentLength);
        written += Append(destination[written..], "\r\nX-Timestamp: "u8);
        written += FormatTimestamp(destination[written..], unixTimeMicroseconds);
        written += Append(destination[written..], "\r\n\r\n"u8);
        return written;
    }

    /// <summary>Unix seconds with six decimals, as ustreamer and mjpg-streamer send it.</summary>
    public static int FormatTimestamp(Span<byte> destination, long unixTimeMicroseconds)
    {
        int written = Format(destination, unixTimeMicroseconds / 1_000_000);
        destination[written++] = (byte)'.';
        if (!Utf8Formatter.TryFormat(unixTimeMicroseconds % 1_000_000, destination[written..], out int fraction, new StandardFormat('D', 6)))
        {
            throw new ArgumentException("Destination too small for a timestamp.", nameof(destination));
        }

        return written + fraction;
    }

    /// <summary>The same timestamp as a string, for the snapshot's header.</summary>
    public static string TimestampString(long unixTimeMicroseconds)
    {
        Span<byte> buffer = stackalloc byte[32];
        int length = FormatTimestamp(buffer, unixTimeMicroseconds);
        return Encoding.ASCII.GetString(buffer[..length]);
    }

    private static int Append(Span<byte> destination, ReadOnlySpan<byte> text)
    {
        text.CopyTo(destination);
        return text.Length;
    }

    private static int Format(Span<byte> destination, long value)
    {
        if (!Utf8Formatter.TryFormat(value, destination, out int written))
        {
            throw new ArgumentException("Destination too small for a part header.", nameof(destination));
        }

        return written;
    }
}
