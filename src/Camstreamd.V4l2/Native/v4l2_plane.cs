using System.Runtime.InteropServices;

namespace Camstreamd.V4l2.Native;

/// <summary>struct v4l2_plane, 64 bytes on LP64 (the m union holds an unsigned long userptr, so it is 8-aligned at 8).</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal unsafe struct v4l2_plane
{
    [FieldOffset(0)]
    public uint bytesused;

    [FieldOffset(4)]
    public uint length;

    /// <summary>m.mem_offset (MMAP).</summary>
    [FieldOffset(8)]
    public uint m_mem_offset;

    [FieldOffset(16)]
    public uint data_offset;

    [FieldOffset(20)]
    public fixed uint reserved[11];
}
