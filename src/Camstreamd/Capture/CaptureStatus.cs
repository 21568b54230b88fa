using Camstreamd.Sources;

namespace Camstreamd.Capture;

/// <summary>A consistent picture of the capture loop for /state, /metrics, /healthz and systemd.</summary>
public sealed record CaptureStatus(
    SourceDescription Source,
    CaptureState State,
    double MeasuredFramesPerSecond,
    string? LastError,
    string? Warning,
    long Starts,
    long Stops,
    DateTimeOffset? StateSince);
