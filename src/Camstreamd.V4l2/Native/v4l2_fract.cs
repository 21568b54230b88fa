using System.Runtime.InteropServices;

namespace Camstreamd.V4l2.Native;

/// <summary>struct v4l2_fract (8 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct v4l2_fract
{
    public uint numerator;
    public uint denominator;
}
