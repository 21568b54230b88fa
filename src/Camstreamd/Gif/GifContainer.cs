using System.Buffers.Binary;

namespace Camstreamd.Gif;

/// <summary>
/// Reads the block structure of a GIF file (GIF87a/GIF89a) without decoding pictures, with every
/// size bounded, and rewrites its images as stream frames: each image with its colour table made
/// local, so frames from different files (or encoder runs) can follow one another after a single
/// header. The same code splits ImageSharp's one-frame GIFs and checks ffmpeg-written files.
/// See https://www.w3.org/Graphics/GIF/spec-gif89a.txt for the layout.
/// </summary>
internal sealed class GifContainer
{
    /// <summary>Extension introducer, label, block size 4, packed, delay (2), transparent index, terminator.</summary>
    public const int ControlExtensionLength = 8;

    /// <summary>Image separator, left, top, width, height (2 each), packed.</summary>
    public const int DescriptorLength = 10;

    /// <summary>A GIF screen larger than this on either side is refused.</summary>
    public const int MaxSide = 8192;

    /// <summary>An animation with more images than this is refused.</summary>
    public const int MaxImages = 2000;

    /// <summary>All images of a file together may have at most this many pixels (a bound on decoding work and memory).</summary>
    public const long MaxTotalPixels = 200_000_000;

    private const int LogicalScreenEnd = 13;

    private GifContainer(int width, int height, IReadOnlyList<GifImage> images)
    {
        Width = width;
        Height = height;
        Images = images;
    }

    /// <summary>Logical screen width.</summary>
    public int Width { get; }

    /// <summary>Logical screen height.</summary>
    public int Height { get; }

    public IReadOnlyList<GifImage> Images { get; }

    /// <summary>The logical screen size from a GIF's first 10 bytes (signature, width, height); false when they are not a GIF's.</summary>
    public static bool TryReadScreenSize(ReadOnlySpan<byte> start, out int width, out int height)
    {
        width = 0;
        height = 0;
        if (start.Length < 10 || !(start[..6].SequenceEqual("GIF89a"u8) || start[..6].SequenceEqual("GIF87a"u8)))
        {
            return false;
        }

        width = BinaryPrimitives.ReadUInt16LittleEndian(start[6..]);
        height = BinaryPrimitives.ReadUInt16LittleEndian(start[8..]);
        return true;
    }

    /// <summary>
    /// Parses <paramref name="gif"/>; null with the reason when it is not a whole, well-formed GIF within the
    /// bounds above (at least one image, every block inside the bytes, images inside the screen).
    /// </summary>
    public static GifContainer? TryParse(ReadOnlySpan<byte> gif, out string? error)
    {
        error = null;
        if (gif.Length < LogicalScreenEnd || !TryReadScreenSize(gif, out int width, out int height))
        {
            return Fail("not a GIF (no GIF87a/GIF89a signature)", out error);
        }

        if (width is 0 or > MaxSide || height is 0 or > MaxSide)
        {
            return Fail($"screen {width}x{height} is outside 1 to {MaxSide} pixels a side", out error);
        }

        byte screenFlags = gif[10];
        int position = LogicalScreenEnd;
        int globalTable = -1;
        int globalBits = 0;
        if ((screenFlags & 0x80) != 0)
        {
            globalBits = screenFlags & 0x07;
            globalTable = position;
            position += 3 << (globalBits + 1);
        }

        List<GifImage> images = new();
        long totalPixels = 0;
        int control = -1;
        while (true)
        {
            if (position >= gif.Length)
            {
                return Fail("truncated: no trailer", out error);
            }

            byte introducer = gif[position];
            if (introducer == 0x3B)
            {
                break;
            }

            if (introducer == 0x21)
            {
                if (position + 2 > gif.Length)
                {
                    return Fail("truncated extension", out error);
                }

                bool isControl = gif[position + 1] == 0xF9;
                if (isControl && (position + ControlExtensionLength > gif.Length || gif[position + 2] != 4 || gif[position + 7] != 0))
                {
                    return Fail("malformed graphic control extension", out error);
                }

                int start = position;
                if (!TrySkipSubBlocks(gif, position + 2, out position))
                {
                    return Fail("truncated extension data", out error);
                }

                control = isControl ? start : control;
                continue;
            }

            if (introducer != 0x2C)
            {
                return Fail($"unknown block 0x{introducer:X2} at byte {position}", out error);
            }

            if (position + DescriptorLength > gif.Length)
            {
                return Fail("truncated image descriptor", out error);
            }

            ReadOnlySpan<byte> descriptor = gif.Slice(position, DescriptorLength);
            int left = BinaryPrimitives.ReadUInt16LittleEndian(descriptor[1..]);
            int top = BinaryPrimitives.ReadUInt16LittleEndian(descriptor[3..]);
            int imageWidth = BinaryPrimitives.ReadUInt16LittleEndian(descriptor[5..]);
            int imageHeight = BinaryPrimitives.ReadUInt16LittleEndian(descriptor[7..]);
            byte flags = descriptor[9];
            if (imageWidth == 0 || imageHeight == 0 || left + imageWidth > width || top + imageHeight > height)
            {
                return Fail($"image {imageWidth}x{imageHeight} at {left},{top} is outside the {width}x{height} screen", out error);
            }

            totalPixels += (long)imageWidth * imageHeight;
            if (images.Count >= MaxImages || totalPixels > MaxTotalPixels)
            {
                return Fail($"more than {MaxImages} images or {MaxTotalPixels} pixels in all", out error);
            }

            int descriptorOffset = position;
            position += DescriptorLength;
            int tableOffset = globalTable;
            int tableBits = globalBits;
            if ((flags & 0x80) != 0)
            {
                tableBits = flags & 0x07;
                tableOffset = position;
                position += 3 << (tableBits + 1);
            }

            if (tableOffset < 0)
            {
                return Fail("an image has no colour table (neither global nor local)", out error);
            }

            int dataOffset = position;
            if (position >= gif.Length || gif[position] is < 2 or > 8)
            {
                return Fail("truncated or invalid LZW minimum code size", out error);
            }

            if (!TrySkipSubBlocks(gif, position + 1, out position))
            {
                return Fail("truncated image data", out error);
            }

            int delay = 0;
            bool transparent = false;
            int disposal = 0;
            if (control >= 0)
            {
                byte packed = gif[control + 3];
                transparent = (packed & 0x01) != 0;
                disposal = (packed >> 2) & 0x07;
                delay = BinaryPrimitives.ReadUInt16LittleEndian(gif[(control + 4)..]);
            }

            images.Add(new GifImage(control, descriptorOffset, left, top, imageWidth, imageHeight, (flags & 0x40) != 0, tableOffset, tableBits, dataOffset, position - dataOffset, delay, transparent, disposal));
            control = -1;
        }

        return images.Count == 0 ? Fail("no image in it", out error) : new GifContainer(width, height, images);
    }

    /// <summary>
    /// Writes <paramref name="image"/> of <paramref name="gif"/> as a stream frame into <paramref name="destination"/>
    /// (at least <see cref="GifImage.StreamFrameLength"/> bytes): a control extension with
    /// <paramref name="delayCentiseconds"/> (the file's own transparency and disposal kept), the descriptor
    /// with its colour table marked local, the table, the LZW data unchanged. Returns the length.
    /// </summary>
    public static int WriteStreamFrame(ReadOnlySpan<byte> gif, GifImage image, int delayCentiseconds, Span<byte> destination)
    {
        Span<byte> control = destination[..ControlExtensionLength];
        if (image.ControlOffset >= 0)
        {
            gif.Slice(image.ControlOffset, ControlExtensionLength).CopyTo(control);
        }
        else
        {
            ReadOnlySpan<byte> plain = [0x21, 0xF9, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00];
            plain.CopyTo(control);
        }

        BinaryPrimitives.WriteUInt16LittleEndian(control[4..], (ushort)Math.Clamp(delayCentiseconds, 0, ushort.MaxValue));
        int written = ControlExtensionLength;
        gif.Slice(image.DescriptorOffset, DescriptorLength - 1).CopyTo(destination[written..]);
        written += DescriptorLength - 1;
        // Keep interlacing; a local table of the same size; drop the sort flag (it only advises).
        destination[written++] = (byte)(0x80 | (image.Interlaced ? 0x40 : 0) | image.ColorTableBits);
        gif.Slice(image.ColorTableOffset, image.ColorTableLength).CopyTo(destination[written..]);
        written += image.ColorTableLength;
        gif.Slice(image.DataOffset, image.DataLength).CopyTo(destination[written..]);
        return written + image.DataLength;
    }

    /// <summary>
    /// The start of an endless GIF of <paramref name="width"/> x <paramref name="height"/>: signature, logical
    /// screen without a global table (every frame brings its own) and the NETSCAPE2.0 extension looping forever.
    /// </summary>
    public static byte[] StreamHeader(int width, int height)
    {
        byte[] header = new byte[LogicalScreenEnd + 19];
        "GIF89a"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)height);
        header[10] = 0x70; // no global table; 8 bits of colour resolution
        ReadOnlySpan<byte> loop = [0x21, 0xFF, 0x0B, .. "NETSCAPE2.0"u8, 0x03, 0x01, 0x00, 0x00, 0x00];
        loop.CopyTo(header.AsSpan(LogicalScreenEnd));
        return header;
    }

    private static bool TrySkipSubBlocks(ReadOnlySpan<byte> gif, int position, out int end)
    {
        while (position < gif.Length)
        {
            int size = gif[position];
            position += 1 + size;
            if (size == 0)
            {
                end = position;
                return true;
            }
        }

        end = gif.Length;
        return false;
    }

    private static GifContainer? Fail(string reason, out string? error)
    {
        error = reason;
        return null;
    }
}
