using Camstreamd.TurboJpeg.Interop;

namespace Camstreamd.TurboJpeg;

/// <summary>Reads JPEG headers and decodes pictures. One instance per thread: NOT thread-safe.</summary>
public sealed unsafe class TurboJpegDecompressor : IDisposable
{
    private readonly TurboJpegHandle _handle;

    /// <summary>Throws <see cref="TurboJpegUnavailableException"/> when the library is missing.</summary>
    public TurboJpegDecompressor()
    {
        _handle = TurboJpegHandle.Create(TurboJpegNative.tjInitDecompress, "tjInitDecompress");
    }

    /// <summary>The library's message for the last failed call on this instance, e.g. after <see cref="TryReadHeader"/> returned false.</summary>
    public string LastError => TurboJpegException.ReadError(_handle);

    /// <summary>
    /// Reads width, height and subsampling from the frame header; false (no exception, nothing
    /// allocated) when the bytes are not a JPEG the library can parse.
    /// </summary>
    public bool TryReadHeader(ReadOnlySpan<byte> jpeg, out JpegHeader header)
    {
        header = default;
        if (jpeg.IsEmpty)
        {
            return false;
        }

        int width, height, subsampling, colorspace;
        fixed (byte* source = jpeg)
        {
            if (TurboJpegNative.tjDecompressHeader3(_handle, source, (nuint)jpeg.Length, &width, &height, &subsampling, &colorspace) != 0)
            {
                return false;
            }
        }

        if (width <= 0 || height <= 0)
        {
            return false;
        }

        header = new JpegHeader(width, height, (JpegSubsampling)subsampling);
        return true;
    }

    /// <summary>Decodes at full size into <paramref name="destination"/>, rows packed (pitch = width × pixel size).</summary>
    public void Decompress(ReadOnlySpan<byte> jpeg, Span<byte> destination, TurboPixelFormat format)
    {
        if (!TryReadHeader(jpeg, out JpegHeader header))
        {
            throw TurboJpegException.FromHandle(_handle, "tjDecompressHeader3");
        }

        DecompressScaled(jpeg, header, 1, destination, format);
    }

    /// <summary>
    /// A side of the picture decoded at 1/<paramref name="denominator"/>: turbojpeg.h's
    /// <c>TJSCALED(dimension, scalingFactor)</c>, which rounds up.
    /// </summary>
    public static int ScaledSide(int side, int denominator) => (side + denominator - 1) / denominator;

    /// <summary>
    /// Decodes at 1/<paramref name="denominator"/> (1, 2, 4 or 8) of <paramref name="header"/>'s size, scaled
    /// inside the decoder (it skips the DCT work for the detail it drops, far cheaper than decoding and then
    /// shrinking), into <paramref name="destination"/> with rows packed. The size is
    /// <see cref="ScaledSide"/> of each side.
    /// </summary>
    public void DecompressScaled(ReadOnlySpan<byte> jpeg, JpegHeader header, int denominator, Span<byte> destination, TurboPixelFormat format)
    {
        if (denominator is not (1 or 2 or 4 or 8))
        {
            throw new ArgumentOutOfRangeException(nameof(denominator), denominator, "libjpeg-turbo's fast scalings are 1/1, 1/2, 1/4 and 1/8.");
        }

        int width = ScaledSide(header.Width, denominator);
        int height = ScaledSide(header.Height, denominator);
        int pitch = width * TurboJpegCompressor.PixelSize(format);
        long needed = (long)pitch * height;
        if (destination.Length < needed)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; a {width}x{height} {format} picture needs {needed}.", nameof(destination));
        }

        fixed (byte* source = jpeg)
        fixed (byte* target = destination)
        {
            // Asked for a smaller width and height, tjDecompress2 picks the largest scaling factor that fits
            // them: exactly 1/denominator here, since these are TJSCALED of that factor.
            if (TurboJpegNative.tjDecompress2(_handle, source, (nuint)jpeg.Length, target, width, pitch, height, (int)format, 0) != 0)
            {
                throw TurboJpegException.FromHandle(_handle, "tjDecompress2");
            }
        }
    }

    public void Dispose() => _handle.Dispose();
}
