using Camstreamd.TurboJpeg.Interop;

namespace Camstreamd.TurboJpeg;

/// <summary>
/// Encodes pictures to JPEG into the caller's buffer. One instance per encoder thread: a tjhandle
/// keeps per-image state, so this class is NOT thread-safe; reusing it keeps libjpeg's allocations
/// out of the per-frame path.
/// </summary>
public sealed unsafe class TurboJpegCompressor : IDisposable
{
    private readonly TurboJpegHandle _handle;

    /// <summary>Throws <see cref="TurboJpegUnavailableException"/> when the library is missing.</summary>
    public TurboJpegCompressor()
    {
        _handle = TurboJpegHandle.Create(TurboJpegNative.tjInitCompress, "tjInitCompress");
    }

    /// <summary>
    /// The worst-case JPEG size (tjBufSize) for a picture; the destination of every Compress call must
    /// be at least this large, because with TJFLAG_NOREALLOC libjpeg-turbo 2.1.5 replaces the size we pass
    /// with this bound (measured: a declared size of 100 bytes still received a 4282-byte JPEG; turbojpeg.h:
    /// "pre-allocate the buffer to a worst case size determined by calling tjBufSize()"), so a smaller
    /// buffer would be overrun, not reported.
    /// </summary>
    public static int MaxCompressedSize(int width, int height, JpegSubsampling subsampling)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        TurboJpegLibrary.EnsureAvailable();
        nuint size = TurboJpegNative.tjBufSize(width, height, (int)subsampling);
        if (size == unchecked((nuint)(-1)) || size == 0 || size > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"tjBufSize rejects {width}x{height} {subsampling}.");
        }

        return (int)size;
    }

    /// <summary>Bytes per pixel of a packed format (turbojpeg.h tjPixelSize).</summary>
    public static int PixelSize(TurboPixelFormat format) => format switch
    {
        TurboPixelFormat.Rgb or TurboPixelFormat.Bgr => 3,
        TurboPixelFormat.Gray => 1,
        TurboPixelFormat.Rgbx or TurboPixelFormat.Bgrx or TurboPixelFormat.Xbgr or TurboPixelFormat.Xrgb => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unsupported pixel format."),
    };

    /// <summary>Encodes a packed picture; returns the JPEG length written at the start of <paramref name="destination"/>.</summary>
    public int Compress(
        ReadOnlySpan<byte> pixels, int width, int pitch, int height, TurboPixelFormat format,
        JpegSubsampling subsampling, int quality, Span<byte> destination)
    {
        int rowBytes = checked(width * PixelSize(format));
        ValidateCommon(width, height, quality);
        ArgumentOutOfRangeException.ThrowIfLessThan(pitch, rowBytes);
        RequirePlane(pixels, pitch, rowBytes, height, nameof(pixels));
        RequireDestination(destination, width, height, subsampling);

        fixed (byte* source = pixels)
        fixed (byte* target = destination)
        {
            byte* jpeg = target;
            nuint size = (nuint)destination.Length;
            int rc = TurboJpegNative.tjCompress2(
                _handle, source, width, pitch, height, (int)format, &jpeg, &size, (int)subsampling, quality,
                TurboJpegNative.TJFLAG_NOREALLOC);
            return Finish(rc, jpeg, target, size, destination.Length, "tjCompress2");
        }
    }

    /// <summary>
    /// Encodes separate Y, Cb, Cr planes without a colour conversion (the cheapest path for YUV
    /// cameras). Chroma planes are (width+1)/2 wide for 4:2:0 and 4:2:2, and (height+1)/2 high for
    /// 4:2:0; for <see cref="JpegSubsampling.Gray"/> only <paramref name="y"/> is read.
    /// </summary>
    public int CompressFromPlanes(
        ReadOnlySpan<byte> y, int yStride, ReadOnlySpan<byte> u, ReadOnlySpan<byte> v, int uvStride,
        int width, int height, JpegSubsampling subsampling, int quality, Span<byte> destination)
    {
        ValidateCommon(width, height, quality);
        ArgumentOutOfRangeException.ThrowIfLessThan(yStride, width);
        RequirePlane(y, yStride, width, height, nameof(y));
        (int chromaWidth, int chromaHeight) = subsampling switch
        {
            JpegSubsampling.Samp420 => ((width + 1) / 2, (height + 1) / 2),
            JpegSubsampling.Samp422 => ((width + 1) / 2, height),
            JpegSubsampling.Samp444 => (width, height),
            JpegSubsampling.Gray => (0, 0),
            _ => throw new ArgumentOutOfRangeException(nameof(subsampling), subsampling, "Planar input supports 4:4:4, 4:2:2, 4:2:0 and gray."),
        };
        if (chromaWidth > 0)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(uvStride, chromaWidth);
            RequirePlane(u, uvStride, chromaWidth, chromaHeight, nameof(u));
            RequirePlane(v, uvStride, chromaWidth, chromaHeight, nameof(v));
        }

        RequireDestination(destination, width, height, subsampling);

        fixed (byte* yPlane = y)
        fixed (byte* uPlane = u)
        fixed (byte* vPlane = v)
        fixed (byte* target = destination)
        {
            byte** planes = stackalloc byte*[3] { yPlane, uPlane, vPlane };
            int* strides = stackalloc int[3] { yStride, uvStride, uvStride };
            byte* jpeg = target;
            nuint size = (nuint)destination.Length;
            int rc = TurboJpegNative.tjCompressFromYUVPlanes(
                _handle, planes, width, strides, height, (int)subsampling, &jpeg, &size, quality,
                TurboJpegNative.TJFLAG_NOREALLOC);
            return Finish(rc, jpeg, target, size, destination.Length, "tjCompressFromYUVPlanes");
        }
    }

    public void Dispose() => _handle.Dispose();

    private static void ValidateCommon(int width, int height, int quality)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
    }

    private static void RequirePlane(ReadOnlySpan<byte> plane, int stride, int rowBytes, int rows, string name)
    {
        long needed = ((long)stride * (rows - 1)) + rowBytes;
        if (plane.Length < needed)
        {
            throw new ArgumentException($"The {name} buffer holds {plane.Length} bytes; {rows} rows of {rowBytes} at stride {stride} need {needed}.", name);
        }
    }

    private static void RequireDestination(Span<byte> destination, int width, int height, JpegSubsampling subsampling)
    {
        int needed = MaxCompressedSize(width, height, subsampling);
        if (destination.Length < needed)
        {
            throw new ArgumentException(
                $"The destination holds {destination.Length} bytes; a {width}x{height} {subsampling} JPEG may need {needed} (MaxCompressedSize).",
                nameof(destination));
        }
    }

    private int Finish(int rc, byte* jpeg, byte* target, nuint size, int capacity, string function)
    {
        if (rc != 0)
        {
            throw TurboJpegException.FromHandle(_handle, function);
        }

        // TJFLAG_NOREALLOC promises the library never swaps the buffer; check rather than trust.
        if (jpeg != target || size > (nuint)capacity)
        {
            throw new TurboJpegException($"{function} wrote outside the caller's buffer ({size} bytes).");
        }

        return (int)size;
    }
}
