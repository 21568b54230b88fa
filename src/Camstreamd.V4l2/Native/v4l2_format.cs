using System.Runtime.InteropServices;

namespace Camstreamd.V4l2.Native;

/// <summary>
/// struct v4l2_format: a u32 type and a 200-byte union. The union holds v4l2_window, which has
/// pointers, so it is 8-aligned on LP64: the union starts at 8 and the struct is 208 bytes on x86-64
/// and arm64. On 32-bit arm it starts at 4 and the struct is 204 bytes.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 208)]
internal unsafe struct v4l2_format
{
    [FieldOffset(0)]
    public uint type;

    [FieldOffset(8)]
    public v4l2_pix_format pix;

    [FieldOffset(8)]
    public v4l2_pix_format_mplane pix_mp;

    [FieldOffset(8)]
    public fixed byte raw_data[200];
}
