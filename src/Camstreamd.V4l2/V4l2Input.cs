namespace Camstreamd.V4l2;

/// <summary>One video input (VIDIOC_ENUMINPUT): a camera, a TV tuner, an HDMI port.</summary>
public sealed record V4l2Input(int Index, string Name, uint Type, uint Status, uint Capabilities)
{
    /// <summary>The input takes DV timings (HDMI, DVI...), V4L2_IN_CAP_DV_TIMINGS.</summary>
    public bool HasDvTimings => (Capabilities & 0x2) != 0;

    /// <summary>V4L2_IN_ST_NO_POWER or V4L2_IN_ST_NO_SIGNAL.</summary>
    public bool HasNoSignal => (Status & 0x3) != 0;
}
