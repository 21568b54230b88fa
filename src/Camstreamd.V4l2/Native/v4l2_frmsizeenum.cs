using System.Runtime.InteropServices;

namespace Camstreamd.V4l2.Native;

/// <summary>
/// struct v4l2_frmsizeenum (44 bytes). The union is v4l2_frmsize_discrete (width, height) or
/// v4l2_frmsize_stepwise (min_width, max_width, step_width, min_height, max_height, step_height): six u32 at 12.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 44)]
internal unsafe struct v4l2_frmsizeenum
{
    [FieldOffset(0)]
    public uint index;

    [FieldOffset(4)]
    public uint pixel_format;

    [FieldOffset(8)]
    public uint type;

    /// <summary>discrete.width, or stepwise.min_width.</summary>
    [FieldOffset(12)]
    public uint u0;

    /// <summary>discrete.height, or stepwise.max_width.</summary>
    [FieldOffset(16)]
    public uint u1;

    /// <summary>stepwise.step_width.</summary>
    [FieldOffset(20)]
    public uint u2;

    /// <summary>stepwise.min_height.</summary>
    [FieldOffset(24)]
    public uint u3;

    /// <summary>stepwise.max_height.</summary>
    [FieldOffset(28)]
    public uint u4;

    /// <summary>stepwise.step_height.</summary>
    [FieldOffset(32)]
    public uint u5;

    [FieldOffset(36)]
    public fixed uint reserved[2];
}
