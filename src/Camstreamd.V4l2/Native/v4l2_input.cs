using System.Runtime.InteropServices;

namespace Camstreamd.V4l2.Native;

/// <summary>struct v4l2_input (80 bytes; v4l2_std_id is a u64 at 48, naturally aligned on every ABI).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct v4l2_input
{
    public uint index;
    public fixed byte name[32];
    public uint type;
    public uint audioset;
    public uint tuner;
    public ulong std;
    public uint status;
    public uint capabilities;
    public fixed uint reserved[3];
}
