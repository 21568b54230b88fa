using Camstreamd.Status;

namespace Camstreamd.Tests.Status;

/// <summary>A status the test sets; the core's real one does not exist in these unit tests' scope.</summary>
internal sealed class FixedStatusSource : IServiceStatusSource, ICaptureHeartbeat
{
    public ServiceStatus Status { get; set; } = new("testpattern", 640, 480, 25, 0, Streaming: false, LastError: null);

    public string? Unhealthy { get; set; }

    public ServiceStatus GetStatus() => Status;

    public bool IsHealthy(out string reason)
    {
        reason = Unhealthy ?? "";
        return Unhealthy is null;
    }
}
