using System.Runtime.InteropServices;

namespace Camstreamd.V4l2.Native;

/// <summary>
/// struct v4l2_buffer, 88 bytes on LP64: timestamp (16-byte timeval) at 24, the memory union (u32 offset,
/// unsigned long userptr, v4l2_plane pointer, s32 fd) at 64. On 32-bit arm the timeval is 8 bytes with a
/// 32-bit time_t and the union 4 bytes, giving 68 bytes; the offsets below are LP64 only.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 88)]
internal unsafe struct v4l2_buffer
{
    [FieldOffset(0)]
    public uint index;

    [FieldOffset(4)]
    public uint type;

    [FieldOffset(8)]
    public uint bytesused;

    [FieldOffset(12)]
    public uint flags;

    [FieldOffset(16)]
    public uint field;

    [FieldOffset(24)]
    public Timeval timestamp;

    [FieldOffset(40)]
    public v4l2_timecode timecode;

    [FieldOffset(56)]
    public uint sequence;

    [FieldOffset(60)]
    public uint memory;

    /// <summary>m.offset (MMAP, single-planar).</summary>
    [FieldOffset(64)]
    public uint m_offset;

    /// <summary>m.planes (multi-planar): points at <see cref="length"/> v4l2_plane entries.</summary>
    [FieldOffset(64)]
    public v4l2_plane* m_planes;

    [FieldOffset(72)]
    public uint length;

    [FieldOffset(76)]
    public uint reserved2;

    [FieldOffset(80)]
    public int request_fd;
}
