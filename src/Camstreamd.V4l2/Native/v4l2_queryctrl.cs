using System.Runtime.InteropServices;

namespace Camstreamd.V4l2.Native;

/// <summary>struct v4l2_queryctrl (68 bytes on every ABI).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct v4l2_queryctrl
{
    public uint id;
    public uint type;
    public fixed byte name[32];
    public int minimum;
    public int maximum;
    public int step;
    public int default_value;
    public uint flags;
    public fixed uint reserved[2];
}
