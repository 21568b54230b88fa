using System.Buffers.Binary;
using System.Text;

namespace Camstreamd.Publishing;

/// <summary>
/// The smallest live Matroska stream that carries our JPEGs to ffmpeg with their capture times: an EBML
/// header, a segment of unknown size with one V_MJPEG track, then one cluster per frame whose timecode is
/// the frame's capture time in microseconds. Raw MJPEG on a pipe has no timestamps at all (ffmpeg would stamp
/// a frame when it gets round to reading it, squeezing together frames read in a burst, and its MJPEG
/// parser holds each frame until the next one starts). Every element size is written as an 8-byte EBML
/// number, so each frame's header has the same length and is written into a reused buffer: nothing is
/// allocated per frame. Element ids and layout: RFC 9559 (Matroska), RFC 8794 (EBML).
/// </summary>
internal static class MatroskaPipe
{
    /// <summary>Bytes before each JPEG: Cluster id and size, Timecode, SimpleBlock id, size and block header.</summary>
    public const int FrameHeaderLength = 4 + 8 + 1 + 8 + 8 + 1 + 8 + 4;

    private const int SizeLength = 8;

    /// <summary>Writes the stream's start for <paramref name="width"/>x<paramref name="height"/> JPEGs; returns the bytes.</summary>
    public static byte[] StreamHeader(int width, int height)
    {
        using MemoryStream stream = new();
        Element(stream, [0x1A, 0x45, 0xDF, 0xA3], body =>
        {
            UnsignedElement(body, [0x42, 0x86], 1);             // EBMLVersion
            UnsignedElement(body, [0x42, 0xF7], 1);             // EBMLReadVersion
            UnsignedElement(body, [0x42, 0xF2], 4);             // EBMLMaxIDLength
            UnsignedElement(body, [0x42, 0xF3], SizeLength);    // EBMLMaxSizeLength
            StringElement(body, [0x42, 0x82], "matroska");      // DocType
            UnsignedElement(body, [0x42, 0x87], 4);             // DocTypeVersion
            UnsignedElement(body, [0x42, 0x85], 2);             // DocTypeReadVersion
        });

        // Segment of unknown size (all ones): a live stream that ends when the pipe does.
        stream.Write([0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
        Element(stream, [0x15, 0x49, 0xA9, 0x66], info =>
        {
            UnsignedElement(info, [0x2A, 0xD7, 0xB1], 1000);    // TimestampScale: 1000 ns, so timecodes are microseconds
            StringElement(info, [0x4D, 0x80], "camstreamd");     // MuxingApp
            StringElement(info, [0x57, 0x41], "camstreamd");     // WritingApp
        });
        Element(stream, [0x16, 0x54, 0xAE, 0x6B], tracks => Element(tracks, [0xAE], track =>
        {
            UnsignedElement(track, [0xD7], 1);                   // TrackNumber
            UnsignedElement(track, [0x73, 0xC5], 1);             // TrackUID
            UnsignedElement(track, [0x83], 1);                   // TrackType: video
            StringElement(track, [0x86], "V_MJPEG");             // CodecID
            Element(track, [0xE0], video =>
            {
                UnsignedElement(video, [0xB0], (ulong)width);    // PixelWidth
                UnsignedElement(video, [0xBA], (ulong)height);   // PixelHeight
            });
        }));
        return stream.ToArray();
    }

    /// <summary>Writes the header of one frame of <paramref name="jpegLength"/> bytes captured at <paramref name="microseconds"/>.</summary>
    public static void WriteFrameHeader(Span<byte> destination, long microseconds, int jpegLength)
    {
        const int BlockHeaderLength = 4;
        int blockLength = BlockHeaderLength + jpegLength;
        int clusterLength = 1 + SizeLength + 8 + 1 + SizeLength + blockLength;
        Span<byte> span = destination[..FrameHeaderLength];
        int at = 0;
        at += Write(span[at..], [0x1F, 0x43, 0xB6, 0x75]);      // Cluster
        at += WriteSize(span[at..], clusterLength);
        span[at++] = 0xE7;                                         // Timestamp
        at += WriteSize(span[at..], 8);
        BinaryPrimitives.WriteInt64BigEndian(span[at..], Math.Max(0, microseconds));
        at += 8;
        span[at++] = 0xA3;                                         // SimpleBlock
        at += WriteSize(span[at..], blockLength);
        span[at++] = 0x81;                                         // track 1
        span[at++] = 0;                                            // timestamp relative to the cluster: 0
        span[at++] = 0;
        span[at] = 0x80;                                           // keyframe (every JPEG is one)
    }

    private static int Write(Span<byte> destination, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination);
        return bytes.Length;
    }

    /// <summary>An 8-byte EBML size: marker byte 0x01, then the size in the remaining 56 bits.</summary>
    private static int WriteSize(Span<byte> destination, long size)
    {
        BinaryPrimitives.WriteInt64BigEndian(destination, size);
        destination[0] = 0x01;
        return SizeLength;
    }

    private static void Element(Stream stream, ReadOnlySpan<byte> id, Action<Stream> writeBody)
    {
        using MemoryStream body = new();
        writeBody(body);
        stream.Write(id);
        Span<byte> size = stackalloc byte[SizeLength];
        WriteSize(size, body.Length);
        stream.Write(size);
        body.Position = 0;
        body.CopyTo(stream);
    }

    private static void UnsignedElement(Stream stream, ReadOnlySpan<byte> id, ulong value)
    {
        byte[] bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        Element(stream, id, body => body.Write(bytes));
    }

    private static void StringElement(Stream stream, ReadOnlySpan<byte> id, string value) => Element(stream, id, body => body.Write(Encoding.ASCII.GetBytes(value)));
}
