using System.Runtime.InteropServices;

namespace Camstreamd.V4l2.Native;

/// <summary>
/// struct v4l2_frmivalenum (52 bytes). The union at 20 is a v4l2_fract (discrete) or
/// v4l2_frmival_stepwise (min, max, step fractions).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 52)]
internal unsafe struct v4l2_frmivalenum
{
    [FieldOffset(0)]
    public uint index;

    [FieldOffset(4)]
    public uint pixel_format;

    [FieldOffset(8)]
    public uint width;

    [FieldOffset(12)]
    public uint height;

    [FieldOffset(16)]
    public uint type;

    /// <summary>discrete, or stepwise.min.</summary>
    [FieldOffset(20)]
    public v4l2_fract discrete;

    /// <summary>stepwise.max.</summary>
    [FieldOffset(28)]
    public v4l2_fract stepwise_max;

    /// <summary>stepwise.step.</summary>
    [FieldOffset(36)]
    public v4l2_fract stepwise_step;

    [FieldOffset(44)]
    public fixed uint reserved[2];
}
