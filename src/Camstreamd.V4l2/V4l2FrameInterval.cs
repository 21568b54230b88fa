namespace Camstreamd.V4l2;

/// <summary>
/// One entry of VIDIOC_ENUM_FRAMEINTERVALS: a discrete interval (shortest = longest) or a range.
/// Intervals are seconds per frame as fractions, so the shortest interval is the highest rate.
/// </summary>
public sealed record V4l2FrameInterval(uint ShortestNumerator, uint ShortestDenominator, uint LongestNumerator, uint LongestDenominator)
{
    public bool IsDiscrete => ShortestNumerator == LongestNumerator && ShortestDenominator == LongestDenominator;

    public double MaxFramesPerSecond => ShortestNumerator == 0 ? 0 : (double)ShortestDenominator / ShortestNumerator;

    public double MinFramesPerSecond => LongestNumerator == 0 ? 0 : (double)LongestDenominator / LongestNumerator;
}
