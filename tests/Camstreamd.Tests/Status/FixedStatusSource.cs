using Camstreamd.Status;

namespace Camstreamd.Tests.Status;

/// <summary>A status the test sets; the core's real one does not exist in these unit tests' scope.</summary>
internal sealed class FixedStatusSource : IServiceStatusSource, ICaptureHeartbeat
{
    private int _reads;
    private ServiceStatus _status = new("testpattern", 640, 480, 25, 0, Streaming: false, LastError: null);

    /// <summary>Raised by every set of <see cref="Status"/>, as the core raises it when a viewer or the capture state changes.</summary>
    public event Action? Changed;

    public ServiceStatus Status
    {
        get => _status;
        set
        {
            _status = value;
            Changed?.Invoke();
        }
    }

    public string? Unhealthy { get; set; }

    /// <summary>How often the status was read, so a test can wait for a service's next round.</summary>
    public int Reads => Volatile.Read(ref _reads);

    public ServiceStatus GetStatus()
    {
        Interlocked.Increment(ref _reads);
        return Status;
    }

    public bool IsHealthy(out string reason)
    {
        reason = Unhealthy ?? "";
        return Unhealthy is null;
    }
}
