using System.Runtime.InteropServices;

namespace Camstreamd.V4l2.Native;

/// <summary>
/// struct v4l2_querymenu: 44 bytes, packed. The union at 8 is a 32-byte name (menu) or an s64 value
/// (integer menu); packing keeps it at 8 and the struct at 44 on every ABI.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 44, Pack = 1)]
internal unsafe struct v4l2_querymenu
{
    [FieldOffset(0)]
    public uint id;

    [FieldOffset(4)]
    public uint index;

    [FieldOffset(8)]
    public fixed byte name[32];

    [FieldOffset(8)]
    public long value;

    [FieldOffset(40)]
    public uint reserved;
}
