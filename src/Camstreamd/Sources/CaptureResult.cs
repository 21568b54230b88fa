namespace Camstreamd.Sources;

/// <summary>The outcome of one <see cref="IFrameSource.Capture"/> call.</summary>
public enum CaptureResult
{
    /// <summary>A valid frame was produced.</summary>
    Frame,

    /// <summary>A frame arrived but was broken or invalid; it was dropped and must be counted.</summary>
    Dropped,

    /// <summary>No frame arrived within the source's own wait; the caller simply tries again.</summary>
    NoFrame,
}
