using System.Runtime.InteropServices;

namespace Camstreamd.V4l2.Native;

/// <summary>struct v4l2_requestbuffers (20 bytes on every ABI).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct v4l2_requestbuffers
{
    public uint count;
    public uint type;
    public uint memory;
    public uint capabilities;
    public byte flags;
    public fixed byte reserved[3];
}
