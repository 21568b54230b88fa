using System.Runtime.InteropServices;

namespace Camstreamd.V4l2.Native;

/// <summary>
/// struct v4l2_pix_format_mplane (packed, 192 bytes). VIDEO_MAX_PLANES is 8; the plane array is
/// spelled out as bytes because C# fixed buffers hold only primitive types: use <see cref="GetPlane"/>.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal unsafe struct v4l2_pix_format_mplane
{
    public const int VIDEO_MAX_PLANES = 8;

    public uint width;
    public uint height;
    public uint pixelformat;
    public uint field;
    public uint colorspace;
    public fixed byte plane_fmt[VIDEO_MAX_PLANES * 20];
    public byte num_planes;
    public byte flags;
    public byte ycbcr_enc;
    public byte quantization;
    public byte xfer_func;
    public fixed byte reserved[7];

    public readonly v4l2_plane_pix_format GetPlane(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, VIDEO_MAX_PLANES);
        fixed (byte* planes = plane_fmt)
        {
            return ((v4l2_plane_pix_format*)planes)[index];
        }
    }
}
