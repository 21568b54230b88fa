using Camstreamd.TurboJpeg.Interop;

namespace Camstreamd.TurboJpeg;

/// <summary>
/// Rotates and flips JPEGs without re-encoding (DCT coefficients are moved, not recomputed), writing
/// into the caller's buffer. One instance per thread: NOT thread-safe.
/// </summary>
/// <remarks>
/// Partial MCUs: a JPEG is stored in MCUs of 8 or 16 pixels (<see cref="JpegTransforms.McuSize"/>).
/// When the picture's width or height is not a multiple of that, the last MCU column or row is partly
/// padding. Mirroring would move that padding to the visible left/top edge. libjpeg-turbo then either
/// leaves the partial blocks untransformed (a strip of wrong pixels at the edge, the default),
/// drops them (TJXOPT_TRIM: the picture shrinks by up to 15 pixels — unwanted, since viewers and /state
/// expect the configured size), or fails (TJXOPT_PERFECT). We use TJXOPT_PERFECT: the result is
/// always exactly right or an exception, and <see cref="JpegTransforms.IsPerfect"/> tells a caller in
/// advance (e.g. 1920x1080 4:2:0 cannot be flipped vertically or rotated 90/180 losslessly: 1080 is
/// not a multiple of 16).
/// </remarks>
public sealed unsafe class TurboJpegTransformer : IDisposable
{
    // TJXOPT_COPYNONE: drop APP/COM markers. Browsers do not need them, and without them the output
    // is bounded by tjBufSize, which TJFLAG_NOREALLOC relies on (turbojpeg.h warns that big EXIF or
    // ICC data can exceed that bound).
    private const int TJXOPT_COPYNONE = 64;

    private readonly TurboJpegHandle _handle;
    private readonly TurboJpegDecompressor _headerReader = new();

    /// <summary>Throws <see cref="TurboJpegUnavailableException"/> when the library is missing.</summary>
    public TurboJpegTransformer()
    {
        _handle = TurboJpegHandle.Create(TurboJpegNative.tjInitTransform, "tjInitTransform");
    }

    /// <summary>The destination size <see cref="Transform"/> needs for a picture of this header.</summary>
    public static int MaxTransformedSize(JpegHeader header, JpegTransform transform)
    {
        bool swap = JpegTransforms.SwapsAxes(transform);
        int width = swap ? header.Height : header.Width;
        int height = swap ? header.Width : header.Height;

        // Transposing turns 4:2:2 into 4:4:0 (and back); take the larger bound of both layouts so the
        // answer does not depend on which one the library uses for its own bound.
        JpegSubsampling swapped = header.Subsampling switch
        {
            JpegSubsampling.Samp422 => JpegSubsampling.Samp440,
            JpegSubsampling.Samp440 => JpegSubsampling.Samp422,
            _ => header.Subsampling,
        };
        return Math.Max(
            TurboJpegCompressor.MaxCompressedSize(width, height, header.Subsampling),
            TurboJpegCompressor.MaxCompressedSize(width, height, swapped));
    }

    /// <summary>
    /// Applies <paramref name="transform"/> to a complete JPEG (with Huffman tables: insert them first
    /// for UVC frames) and returns the length written to <paramref name="destination"/>, which must hold
    /// at least <see cref="MaxTransformedSize"/> bytes. Throws <see cref="TurboJpegException"/> when the
    /// input is not a JPEG or the transform is not perfect for its size.
    /// </summary>
    public int Transform(ReadOnlySpan<byte> jpeg, JpegTransform transform, Span<byte> destination)
    {
        if (!_headerReader.TryReadHeader(jpeg, out JpegHeader header))
        {
            throw new TurboJpegException($"tjTransform input is not a readable JPEG: {_headerReader.LastError}");
        }

        int needed = MaxTransformedSize(header, transform);
        if (destination.Length < needed)
        {
            throw new ArgumentException(
                $"The destination holds {destination.Length} bytes; {transform} of a {header.Width}x{header.Height} JPEG may need {needed} (MaxTransformedSize).",
                nameof(destination));
        }

        tjtransform options = default;
        options.op = (int)transform;
        options.options = TurboJpegNative.TJXOPT_PERFECT | TJXOPT_COPYNONE;

        fixed (byte* source = jpeg)
        fixed (byte* target = destination)
        {
            byte* output = target;

            // turbojpeg.h asks for the buffer's size in dstSizes[i] on entry. Under TJFLAG_NOREALLOC,
            // libjpeg-turbo 2.1.5 replaces it with tjBufSize of the transformed picture (measured: a preset
            // of 100 still produced 4288 bytes), so the MaxTransformedSize check above is what keeps the
            // library inside our buffer; the preset stays for versions that honour it.
            nuint size = (nuint)destination.Length;
            int rc = TurboJpegNative.tjTransform(
                _handle, source, (nuint)jpeg.Length, 1, &output, &size, &options, TurboJpegNative.TJFLAG_NOREALLOC);
            if (rc != 0)
            {
                throw TurboJpegException.FromHandle(_handle, $"tjTransform ({transform} of {header.Width}x{header.Height} {header.Subsampling})");
            }

            if (output != target || size > (nuint)destination.Length)
            {
                throw new TurboJpegException($"tjTransform wrote outside the caller's buffer ({size} bytes).");
            }

            return (int)size;
        }
    }

    public void Dispose()
    {
        _handle.Dispose();
        _headerReader.Dispose();
    }
}
