namespace Camstreamd.Publishing;

/// <summary>A target's state as /state and /metrics name it.</summary>
internal static class PublishTargetState
{
    /// <summary>The first ffmpeg is starting and has not sent a frame yet.</summary>
    public const string Connecting = "connecting";

    /// <summary>ffmpeg is sending frames to the server.</summary>
    public const string Publishing = "publishing";

    /// <summary>The last ffmpeg failed; another is tried after a backoff, until one publishes.</summary>
    public const string Retrying = "retrying";

    /// <summary>Removed by a reload, or the daemon is stopping.</summary>
    public const string Stopped = "stopped";
}
