namespace Camstreamd.Jpeg;

/// <summary>
/// Gives UVC-style MJPEG frames (which omit DHT and rely on the standard tables) their Huffman tables,
/// so browsers can decode them. Walks only the header segments, never the entropy-coded data, and
/// writes into the caller's buffer: no allocation.
/// </summary>
internal static class JpegHuffmanInserter
{
    private const byte MarkerSos = 0xDA;
    private const byte MarkerDht = 0xC4;

    /// <summary>How much longer a frame becomes when tables are inserted.</summary>
    public const int AddedLength = StandardHuffmanTables.SegmentLength;

    /// <summary>
    /// True when the frame reaches its first SOS without any DHT; <paramref name="insertAt"/> is then the
    /// SOS marker's offset, where the tables go. False when tables are present, and also when the header
    /// cannot be walked (leave such a frame to the validator and decoder instead of guessing).
    /// </summary>
    public static bool NeedsTables(ReadOnlySpan<byte> jpeg, out int insertAt)
    {
        insertAt = -1;
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return false;
        }

        int position = 2;
        while (position + 1 < jpeg.Length)
        {
            if (jpeg[position] != 0xFF)
            {
                return false;
            }

            int markerStart = position;

            // T.81 B.1.1.2: any marker may be preceded by fill bytes (0xFF).
            while (position + 1 < jpeg.Length && jpeg[position + 1] == 0xFF)
            {
                position++;
            }

            if (position + 1 >= jpeg.Length)
            {
                return false;
            }

            byte marker = jpeg[position + 1];
            if (marker == MarkerSos)
            {
                insertAt = markerStart;
                return true;
            }

            if (marker == MarkerDht)
            {
                return false;
            }

            // RSTn, TEM and a stray SOI carry no length field.
            if (marker is (>= 0xD0 and <= 0xD8) or 0x01)
            {
                position += 2;
                continue;
            }

            if (position + 3 >= jpeg.Length)
            {
                return false;
            }

            int segmentLength = (jpeg[position + 2] << 8) | jpeg[position + 3];
            if (segmentLength < 2)
            {
                return false;
            }

            position += 2 + segmentLength;
        }

        return false;
    }

    /// <summary>
    /// Copies <paramref name="jpeg"/> into <paramref name="destination"/> with the standard tables placed
    /// at <paramref name="insertAt"/> (from <see cref="NeedsTables"/>); returns the bytes written.
    /// </summary>
    public static int Insert(ReadOnlySpan<byte> jpeg, int insertAt, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(insertAt);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(insertAt, jpeg.Length);
        int total = jpeg.Length + AddedLength;
        if (destination.Length < total)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the frame with tables needs {total}.", nameof(destination));
        }

        jpeg[..insertAt].CopyTo(destination);
        StandardHuffmanTables.Segment.CopyTo(destination[insertAt..]);
        jpeg[insertAt..].CopyTo(destination[(insertAt + AddedLength)..]);
        return total;
    }

    /// <summary>
    /// Copies a frame into <paramref name="destination"/>, inserting the standard tables when it has none
    /// (the one call a capture path needs: from the driver's buffer straight into a pooled frame).
    /// <paramref name="destination"/> must hold <c>jpeg.Length + AddedLength</c> bytes to be safe.
    /// </summary>
    public static int CopyWithTables(ReadOnlySpan<byte> jpeg, Span<byte> destination)
    {
        if (NeedsTables(jpeg, out int insertAt))
        {
            return Insert(jpeg, insertAt, destination);
        }

        jpeg.CopyTo(destination);
        return jpeg.Length;
    }
}
