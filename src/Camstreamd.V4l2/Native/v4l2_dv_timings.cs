using System.Runtime.InteropServices;

namespace Camstreamd.V4l2.Native;

/// <summary>struct v4l2_dv_timings: packed, a u32 type then a 128-byte union (bt or reserved[32]); 132 bytes.</summary>
[StructLayout(LayoutKind.Explicit, Size = 132, Pack = 1)]
internal unsafe struct v4l2_dv_timings
{
    [FieldOffset(0)]
    public uint type;

    [FieldOffset(4)]
    public v4l2_bt_timings bt;

    [FieldOffset(4)]
    public fixed uint reserved[32];
}
