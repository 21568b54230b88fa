using System.Runtime.InteropServices;

namespace Camstreamd.V4l2.Native;

/// <summary>struct v4l2_enum_dv_timings (148 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct v4l2_enum_dv_timings
{
    public uint index;
    public uint pad;
    public fixed uint reserved[2];
    public v4l2_dv_timings timings;
}
