using System.Runtime.InteropServices;

namespace Camstreamd.V4l2.Native;

/// <summary>struct v4l2_bt_timings: packed, 124 bytes on every ABI.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal unsafe struct v4l2_bt_timings
{
    public uint width;
    public uint height;
    public uint interlaced;
    public uint polarities;
    public ulong pixelclock;
    public uint hfrontporch;
    public uint hsync;
    public uint hbackporch;
    public uint vfrontporch;
    public uint vsync;
    public uint vbackporch;
    public uint il_vfrontporch;
    public uint il_vsync;
    public uint il_vbackporch;
    public uint standards;
    public uint flags;
    public v4l2_fract picture_aspect;
    public byte cea861_vic;
    public byte hdmi_vic;
    public fixed byte reserved[46];
}
