namespace Camstreamd.V4l2;

/// <summary>One entry of VIDIOC_ENUM_FMT.</summary>
public sealed record V4l2FormatDescription(uint PixelFormat, string Description, bool IsCompressed, bool IsEmulated)
{
    public string FourCc => V4l2FourCc.ToString(PixelFormat);
}
