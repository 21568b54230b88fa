using System.Runtime.InteropServices;

namespace Camstreamd.V4l2.Native;

/// <summary>struct v4l2_fmtdesc (64 bytes on every ABI).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct v4l2_fmtdesc
{
    public uint index;
    public uint type;
    public uint flags;
    public fixed byte description[32];
    public uint pixelformat;
    public uint mbus_code;
    public fixed uint reserved[3];
}
