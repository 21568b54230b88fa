namespace Camstreamd.V4l2;

/// <summary>The format the driver settled on (VIDIOC_G_FMT/S_FMT), for single- and multi-planar devices alike.</summary>
/// <param name="PlaneBytesPerLine">Line pitch of each memory plane; one entry for single-planar formats.</param>
/// <param name="PlaneSizes">Bytes of each memory plane (sizeimage).</param>
public sealed record V4l2PixelFormat(
    uint PixelFormat,
    int Width,
    int Height,
    bool IsMultiPlanar,
    IReadOnlyList<int> PlaneBytesPerLine,
    IReadOnlyList<int> PlaneSizes)
{
    public string FourCc => V4l2FourCc.ToString(PixelFormat);

    public int BytesPerLine => PlaneBytesPerLine[0];

    public int PlaneCount => PlaneBytesPerLine.Count;

    public override string ToString() => $"{FourCc} {Width}x{Height} ({PlaneCount} plane(s), {BytesPerLine} bytes per line)";
}
