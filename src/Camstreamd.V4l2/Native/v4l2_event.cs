using System.Runtime.InteropServices;

namespace Camstreamd.V4l2.Native;

/// <summary>
/// struct v4l2_event, 136 bytes on LP64: the 64-byte union u is 8-aligned (it holds s64 values) at 8,
/// timestamp is a 16-byte struct timespec at 80. On 32-bit arm the timespec is 8 bytes with a 32-bit
/// time_t, which moves id and reserved and makes the struct 120 bytes.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 136)]
internal unsafe struct v4l2_event
{
    [FieldOffset(0)]
    public uint type;

    /// <summary>u.src_change.changes for V4L2_EVENT_SOURCE_CHANGE.</summary>
    [FieldOffset(8)]
    public uint u_src_change_changes;

    [FieldOffset(8)]
    public fixed byte u_data[64];

    [FieldOffset(72)]
    public uint pending;

    [FieldOffset(76)]
    public uint sequence;

    [FieldOffset(80)]
    public long timestamp_tv_sec;

    [FieldOffset(88)]
    public long timestamp_tv_nsec;

    [FieldOffset(96)]
    public uint id;

    [FieldOffset(100)]
    public fixed uint reserved[8];
}
