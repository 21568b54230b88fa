namespace Camstreamd.Tests.Jpeg;

/// <summary>Test-side JPEG surgery: lists header segments and strips DHT, making camera-style frames from libjpeg-turbo output.</summary>
internal static class JpegSegments
{
    /// <summary>Header segments up to and including SOS: (marker, offset of FF, total length with marker).</summary>
    public static List<(byte Marker, int Offset, int Length)> Headers(byte[] jpeg)
    {
        List<(byte, int, int)> segments = new();
        int position = 2;
        while (position + 4 <= jpeg.Length && jpeg[position] == 0xFF)
        {
            byte marker = jpeg[position + 1];
            int length = 2 + ((jpeg[position + 2] << 8) | jpeg[position + 3]);
            segments.Add((marker, position, length));
            if (marker == 0xDA)
            {
                break;
            }

            position += length;
        }

        return segments;
    }

    /// <summary>The frame without any DHT segment, as UVC cameras send MJPEG.</summary>
    public static byte[] StripHuffmanTables(byte[] jpeg)
    {
        List<byte> result = new(jpeg.Length);
        int copied = 0;
        foreach ((byte marker, int offset, int length) in Headers(jpeg))
        {
            if (marker == 0xC4)
            {
                result.AddRange(jpeg.AsSpan(copied, offset - copied));
                copied = offset + length;
            }
        }

        result.AddRange(jpeg.AsSpan(copied));
        return [.. result];
    }

    /// <summary>The bodies (after marker and length) of all DHT segments, concatenated.</summary>
    public static byte[] HuffmanTableBodies(byte[] jpeg)
    {
        List<byte> bodies = new();
        foreach ((byte marker, int offset, int length) in Headers(jpeg))
        {
            if (marker == 0xC4)
            {
                bodies.AddRange(jpeg.AsSpan(offset + 4, length - 4));
            }
        }

        return [.. bodies];
    }
}
