using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Camstreamd.TurboJpeg;
using Camstreamd.V4l2;

namespace Camstreamd.Sources.V4l2;

/// <summary>
/// Encodes one raw V4L2 frame to JPEG with libjpeg-turbo, from the planes wherever possible (no RGB
/// detour): planar YU12 goes straight in, packed YUYV/UYVY and semi-planar NV12 are split into reused
/// planar buffers first. Owns one compressor handle, so one instance per encoder thread. Allocates
/// only in the constructor.
/// </summary>
internal sealed class RawFrameEncoder : IDisposable
{
    private readonly TurboJpegCompressor _compressor = new();
    private readonly V4l2PixelFormat _format;
    private readonly int _quality;
    private readonly byte[] _y = [];
    private readonly byte[] _u = [];
    private readonly byte[] _v = [];

    public RawFrameEncoder(V4l2PixelFormat format, int quality)
    {
        _format = format;
        _quality = quality;
        int width = format.Width;
        int height = format.Height;
        int chromaWidth = (width + 1) / 2;
        Subsampling = SubsamplingOf(format.PixelFormat);
        switch (format.PixelFormat)
        {
            case V4l2FourCc.YUYV or V4l2FourCc.UYVY:
                _y = new byte[width * height];
                _u = new byte[chromaWidth * height];
                _v = new byte[chromaWidth * height];
                break;
            case V4l2FourCc.NV12 or V4l2FourCc.NV12M:
                _u = new byte[chromaWidth * ((height + 1) / 2)];
                _v = new byte[chromaWidth * ((height + 1) / 2)];
                break;
        }

        MaxLength = TurboJpegCompressor.MaxCompressedSize(width, height, Subsampling);
    }

    /// <summary>The raw formats this encoder takes.</summary>
    public static IReadOnlyList<uint> SupportedFormats { get; } =
        [V4l2FourCc.YUYV, V4l2FourCc.UYVY, V4l2FourCc.NV12, V4l2FourCc.NV12M, V4l2FourCc.YU12, V4l2FourCc.YU12M, V4l2FourCc.RGB3, V4l2FourCc.GREY];

    public JpegSubsampling Subsampling { get; }

    /// <summary>The destination size every <see cref="TryEncode"/> call needs.</summary>
    public int MaxLength { get; }

    public static bool Supports(uint pixelFormat) => SupportedFormats.Contains(pixelFormat);

    /// <summary>Encodes into <paramref name="destination"/>; false with a reason when the frame is shorter than its format needs.</summary>
    public bool TryEncode(V4l2Frame frame, Span<byte> destination, out int length, out string? reason)
    {
        int width = _format.Width;
        int height = _format.Height;
        int pitch = _format.BytesPerLine;
        int chromaWidth = (width + 1) / 2;
        int chromaHeight = (height + 1) / 2;
        length = 0;
        reason = null;
        ReadOnlySpan<byte> data = frame.Data;
        switch (_format.PixelFormat)
        {
            case V4l2FourCc.YUYV or V4l2FourCc.UYVY:
                if (!HasBytes(data, pitch * (height - 1) + (width * 2), out reason))
                {
                    return false;
                }

                SplitPacked422(data, pitch, width, height, _format.PixelFormat == V4l2FourCc.UYVY);
                length = _compressor.CompressFromPlanes(_y, width, _u, _v, chromaWidth, width, height, Subsampling, _quality, destination);
                return true;

            case V4l2FourCc.NV12 or V4l2FourCc.NV12M:
            {
                bool separate = _format.PixelFormat == V4l2FourCc.NV12M;
                int lumaBytes = pitch * height;
                int chromaPitch = separate ? _format.PlaneBytesPerLine[1] : pitch;
                ReadOnlySpan<byte> chroma = separate ? frame.Plane1 : data.Length > lumaBytes ? data[lumaBytes..] : [];
                if (!HasBytes(data, pitch * (height - 1) + width, out reason) || !HasBytes(chroma, chromaPitch * (chromaHeight - 1) + (chromaWidth * 2), out reason))
                {
                    return false;
                }

                SplitInterleavedChroma(chroma, chromaPitch, chromaWidth, chromaHeight);
                length = _compressor.CompressFromPlanes(data, pitch, _u, _v, chromaWidth, width, height, Subsampling, _quality, destination);
                return true;
            }

            case V4l2FourCc.YU12 or V4l2FourCc.YU12M:
            {
                bool separate = _format.PixelFormat == V4l2FourCc.YU12M;
                int chromaPitch = separate ? _format.PlaneBytesPerLine[1] : pitch / 2;
                int lumaBytes = pitch * height;
                int chromaBytes = chromaPitch * chromaHeight;
                ReadOnlySpan<byte> u = separate ? frame.Plane1 : data.Length >= lumaBytes + chromaBytes ? data.Slice(lumaBytes, chromaBytes) : [];
                ReadOnlySpan<byte> v = separate ? frame.Plane2 : data.Length >= lumaBytes + (2 * chromaBytes) ? data.Slice(lumaBytes + chromaBytes, chromaBytes) : [];
                if (!HasBytes(data, pitch * (height - 1) + width, out reason)
                    || !HasBytes(u, chromaPitch * (chromaHeight - 1) + chromaWidth, out reason)
                    || !HasBytes(v, chromaPitch * (chromaHeight - 1) + chromaWidth, out reason))
                {
                    return false;
                }

                length = _compressor.CompressFromPlanes(data, pitch, u, v, chromaPitch, width, height, Subsampling, _quality, destination);
                return true;
            }

            case V4l2FourCc.RGB3:
                if (!HasBytes(data, pitch * (height - 1) + (width * 3), out reason))
                {
                    return false;
                }

                length = _compressor.Compress(data, width, pitch, height, TurboPixelFormat.Rgb, Subsampling, _quality, destination);
                return true;

            case V4l2FourCc.GREY:
                if (!HasBytes(data, pitch * (height - 1) + width, out reason))
                {
                    return false;
                }

                length = _compressor.Compress(data, width, pitch, height, TurboPixelFormat.Gray, Subsampling, _quality, destination);
                return true;

            default:
                throw new InvalidOperationException($"{_format.FourCc} is not a raw format this encoder takes.");
        }
    }

    public void Dispose() => _compressor.Dispose();

    private static JpegSubsampling SubsamplingOf(uint pixelFormat) => pixelFormat switch
    {
        V4l2FourCc.YUYV or V4l2FourCc.UYVY => JpegSubsampling.Samp422,
        V4l2FourCc.NV12 or V4l2FourCc.NV12M or V4l2FourCc.YU12 or V4l2FourCc.YU12M or V4l2FourCc.RGB3 => JpegSubsampling.Samp420,
        V4l2FourCc.GREY => JpegSubsampling.Gray,
        _ => throw new ArgumentOutOfRangeException(nameof(pixelFormat), V4l2FourCc.ToString(pixelFormat), "Not a raw format we encode."),
    };

    private static bool HasBytes(ReadOnlySpan<byte> data, int needed, out string? reason)
    {
        if (data.Length >= needed)
        {
            reason = null;
            return true;
        }

        reason = "frame shorter than its format needs (bytesused below the picture size)";
        return false;
    }

    private void SplitPacked422(ReadOnlySpan<byte> data, int pitch, int width, int height, bool chromaFirst)
    {
        int chromaWidth = (width + 1) / 2;
        for (int row = 0; row < height; row++)
        {
            SplitPacked422Row(
                data.Slice(row * pitch, width * 2), _y.AsSpan(row * width, width),
                _u.AsSpan(row * chromaWidth, chromaWidth), _v.AsSpan(row * chromaWidth, chromaWidth), chromaFirst);
        }
    }

    /// <summary>
    /// One row of YUYV (Y0 U Y1 V) or UYVY (U Y0 V Y1) into Y, U and V. 16 pixels at a time with a byte
    /// shuffle (pshufb on x86, tbl on arm64): the scalar loop alone cost as much as the JPEG compression.
    /// </summary>
    internal static void SplitPacked422Row(ReadOnlySpan<byte> source, Span<byte> y, Span<byte> u, Span<byte> v, bool chromaFirst)
    {
        int pairs = y.Length / 2;
        int x = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // Per 16 source bytes (8 pixels): 8 luma bytes, then 4 U, then 4 V.
            Vector128<byte> order = chromaFirst
                ? Vector128.Create((byte)1, 3, 5, 7, 9, 11, 13, 15, 0, 4, 8, 12, 2, 6, 10, 14)
                : Vector128.Create((byte)0, 2, 4, 6, 8, 10, 12, 14, 1, 5, 9, 13, 3, 7, 11, 15);

            // Lengths were checked by the caller's slices; refs skip per-block bounds checks (no unsafe code).
            ref byte from = ref MemoryMarshal.GetReference(source);
            ref byte toY = ref MemoryMarshal.GetReference(y);
            ref byte toU = ref MemoryMarshal.GetReference(u);
            ref byte toV = ref MemoryMarshal.GetReference(v);
            for (; x + 8 <= pairs; x += 8)
            {
                Vector128<ulong> first = Vector128.Shuffle(Vector128.LoadUnsafe(ref from, (nuint)(x * 4)), order).AsUInt64();
                Vector128<ulong> second = Vector128.Shuffle(Vector128.LoadUnsafe(ref from, (nuint)((x * 4) + 16)), order).AsUInt64();
                Vector128.Create(first.GetElement(0), second.GetElement(0)).AsByte().StoreUnsafe(ref toY, (nuint)(x * 2));
                Vector128<uint> mixed = Vector128.Create(first.GetElement(1), second.GetElement(1)).AsUInt32();

                // mixed holds U0-3 V0-3 U4-7 V4-7 as four u32; regroup into 8 U and 8 V bytes.
                Vector128<ulong> grouped = Vector128.Shuffle(mixed, Vector128.Create(0u, 2u, 1u, 3u)).AsUInt64();
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref toU, x), grouped.GetElement(0));
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref toV, x), grouped.GetElement(1));
            }
        }

        int luma = chromaFirst ? 1 : 0;
        int chroma = chromaFirst ? 0 : 1;
        for (; x < pairs; x++)
        {
            int i = x * 4;
            y[2 * x] = source[i + luma];
            u[x] = source[i + chroma];
            y[(2 * x) + 1] = source[i + luma + 2];
            v[x] = source[i + chroma + 2];
        }
    }

    private void SplitInterleavedChroma(ReadOnlySpan<byte> chroma, int pitch, int chromaWidth, int chromaHeight)
    {
        for (int row = 0; row < chromaHeight; row++)
        {
            ReadOnlySpan<byte> source = chroma.Slice(row * pitch, chromaWidth * 2);
            Span<byte> u = _u.AsSpan(row * chromaWidth, chromaWidth);
            Span<byte> v = _v.AsSpan(row * chromaWidth, chromaWidth);
            for (int x = 0; x < chromaWidth; x++)
            {
                u[x] = source[2 * x];
                v[x] = source[(2 * x) + 1];
            }
        }
    }
}
