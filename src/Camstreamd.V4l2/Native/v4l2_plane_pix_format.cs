using System.Runtime.InteropServices;

namespace Camstreamd.V4l2.Native;

/// <summary>struct v4l2_plane_pix_format (packed, 20 bytes).</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal unsafe struct v4l2_plane_pix_format
{
    public uint sizeimage;
    public uint bytesperline;
    public fixed ushort reserved[6];
}
