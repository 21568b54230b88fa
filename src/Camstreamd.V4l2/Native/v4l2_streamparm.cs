using System.Runtime.InteropServices;

namespace Camstreamd.V4l2.Native;

/// <summary>struct v4l2_streamparm: a u32 type and a 200-byte union of u32-only structs, so 204 bytes on every ABI.</summary>
[StructLayout(LayoutKind.Explicit, Size = 204)]
internal unsafe struct v4l2_streamparm
{
    [FieldOffset(0)]
    public uint type;

    [FieldOffset(4)]
    public v4l2_captureparm capture;

    [FieldOffset(4)]
    public fixed byte raw_data[200];
}
