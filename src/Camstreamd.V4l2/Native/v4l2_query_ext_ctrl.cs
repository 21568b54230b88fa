using System.Runtime.InteropServices;

namespace Camstreamd.V4l2.Native;

/// <summary>struct v4l2_query_ext_ctrl (232 bytes; the s64 fields are 8-aligned on every ABI the kernel supports).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct v4l2_query_ext_ctrl
{
    public uint id;
    public uint type;
    public fixed byte name[32];
    public long minimum;
    public long maximum;
    public ulong step;
    public long default_value;
    public uint flags;
    public uint elem_size;
    public uint elems;
    public uint nr_of_dims;
    public fixed uint dims[4];
    public fixed uint reserved[32];
}
