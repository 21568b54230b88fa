namespace Camstreamd.V4l2;

/// <summary>
/// A dequeued buffer as the driver filled it: <c>bytesused</c> bytes of each plane, straight from the
/// mmap'd memory. Valid only until <see cref="V4l2Capture.Requeue"/>; copy what you need, then requeue.
/// </summary>
public readonly ref struct V4l2Frame
{
    internal V4l2Frame(
        int index, uint sequence, long timestampMicroseconds, bool isError, int planeCount,
        ReadOnlySpan<byte> plane0, ReadOnlySpan<byte> plane1, ReadOnlySpan<byte> plane2)
    {
        Index = index;
        Sequence = sequence;
        TimestampMicroseconds = timestampMicroseconds;
        IsError = isError;
        PlaneCount = planeCount;
        Data = plane0;
        Plane1 = plane1;
        Plane2 = plane2;
    }

    /// <summary>The driver's buffer index.</summary>
    public int Index { get; }

    /// <summary>The driver's frame counter; gaps mean frames the driver or the newest-wins rule dropped.</summary>
    public uint Sequence { get; }

    /// <summary>Capture time on the driver's clock (CLOCK_MONOTONIC for most drivers), in microseconds.</summary>
    public long TimestampMicroseconds { get; }

    /// <summary>V4L2_BUF_FLAG_ERROR: the driver says the data may be corrupt.</summary>
    public bool IsError { get; }

    /// <summary>Memory planes: 1 for packed and single-buffer planar formats, 2-3 for NV12M, YU12M...</summary>
    public int PlaneCount { get; }

    /// <summary>The first (often only) plane, exactly <c>bytesused</c> long.</summary>
    public ReadOnlySpan<byte> Data { get; }

    public ReadOnlySpan<byte> Plane1 { get; }

    public ReadOnlySpan<byte> Plane2 { get; }
}
