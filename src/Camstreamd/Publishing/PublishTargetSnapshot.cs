namespace Camstreamd.Publishing;

/// <summary>A target as /state and /metrics show it; the URL is redacted, the bitrate NaN when not measured.</summary>
internal sealed record PublishTargetSnapshot(
    string Url,
    string Codec,
    string Encoder,
    string State,
    DateTimeOffset Since,
    long FramesSent,
    long FramesDropped,
    double KilobitsPerSecond,
    string? LastError,
    int Restarts,
    int Pid);
