namespace Camstreamd.V4l2;

/// <summary>The outcome of VIDIOC_QUERY_DV_TIMINGS.</summary>
public enum V4l2DvTimingsStatus
{
    /// <summary>A stable signal was detected; the timings are valid.</summary>
    Locked,

    /// <summary>No signal (ENOLINK): nothing is plugged in or the source is off.</summary>
    NoLink,

    /// <summary>A signal that the receiver cannot lock on to (ENOLCK), often while the source switches mode.</summary>
    NoLock,

    /// <summary>Timings outside what the receiver handles (ERANGE).</summary>
    OutOfRange,

    /// <summary>The device or its current input has no DV timings (ENOTTY, ENODATA).</summary>
    NotSupported,
}
