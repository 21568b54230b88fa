namespace Camstreamd.V4l2;

/// <summary>The outcome of <see cref="V4l2Capture.TryDequeue"/>.</summary>
public enum V4l2WaitResult
{
    /// <summary>A buffer was dequeued; the caller holds it until <see cref="V4l2Capture.Requeue"/>.</summary>
    Frame,

    /// <summary>Nothing arrived within the timeout: the camera stopped delivering.</summary>
    Timeout,

    /// <summary>V4L2_EVENT_SOURCE_CHANGE arrived (HDMI signal or resolution changed): re-query timings and restart.</summary>
    SourceChanged,
}
