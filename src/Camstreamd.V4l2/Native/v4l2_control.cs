using System.Runtime.InteropServices;

namespace Camstreamd.V4l2.Native;

/// <summary>struct v4l2_control (8 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct v4l2_control
{
    public uint id;
    public int value;
}
