namespace Camstreamd.V4l2;

/// <summary>One entry of VIDIOC_ENUM_FRAMESIZES: a discrete size (min = max, step 0) or a stepwise/continuous range.</summary>
public sealed record V4l2FrameSize(int MinWidth, int MaxWidth, int StepWidth, int MinHeight, int MaxHeight, int StepHeight)
{
    public bool IsDiscrete => MinWidth == MaxWidth && MinHeight == MaxHeight;

    public override string ToString() => IsDiscrete
        ? $"{MinWidth}x{MinHeight}"
        : $"{MinWidth}x{MinHeight}-{MaxWidth}x{MaxHeight} step {StepWidth}x{StepHeight}";
}
