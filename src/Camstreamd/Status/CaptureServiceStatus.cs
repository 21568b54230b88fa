using Camstreamd.Capture;
using Camstreamd.Configuration;
using Camstreamd.Retry;
using Camstreamd.Sources;
using Camstreamd.Streaming;

namespace Camstreamd.Status;

/// <summary>The daemon's capture loop and broadcaster seen as STATUS= facts and as the watchdog's heartbeat.</summary>
internal sealed class CaptureServiceStatus : IServiceStatusSource, ICaptureHeartbeat
{
    // The loop beats every round, at least once a second when idle; it legitimately goes quiet while it waits
    // out a retry backoff (at most RetryBackoff.MaxDelay) or opens a source (a device within
    // Camera:DeviceTimeout; a command's first picture within 10 s + Camera:DeviceTimeout, inside this allowance
    // too). Beyond that plus a margin, it is hung.
    private static readonly TimeSpan RetryBackoffAllowance = RetryBackoff.MaxDelay + TimeSpan.FromSeconds(5);

    private readonly CaptureService _capture;
    private readonly FrameBroadcaster _broadcaster;
    private readonly SettingsStore _settings;
    private readonly TimeProvider _time;

    public CaptureServiceStatus(CaptureService capture, FrameBroadcaster broadcaster, SettingsStore settings, TimeProvider time)
    {
        _capture = capture;
        _broadcaster = broadcaster;
        _settings = settings;
        _time = time;
    }

    public event Action? Changed
    {
        add
        {
            _capture.StateChanged += value;
            _broadcaster.ClientsChanged += value;
        }

        remove
        {
            _capture.StateChanged -= value;
            _broadcaster.ClientsChanged -= value;
        }
    }

    public ServiceStatus GetStatus()
    {
        CaptureStatus status = _capture.Status;
        SourceDescription source = status.Source;
        string name = string.IsNullOrEmpty(source.Location) ? source.Kind : $"{source.Kind} {source.Location}";
        return new ServiceStatus(
            name,
            source.Width,
            source.Height,
            status.MeasuredFramesPerSecond,
            _broadcaster.ClientCount,
            Streaming: status.State is not (CaptureState.Idle or CaptureState.Privacy),
            status.LastError ?? status.Warning)
        {
            Privacy = status.State == CaptureState.Privacy,
        };
    }

    public bool IsHealthy(out string reason)
    {
        TimeSpan silence = _time.GetElapsedTime(_capture.HeartbeatAt);
        TimeSpan allowed = RetryBackoffAllowance + (2 * _settings.Current.Camera.DeviceTimeout);
        if (silence > allowed)
        {
            reason = $"the capture loop has not gone round for {silence.TotalSeconds:0} s (allowed {allowed.TotalSeconds:0} s): hung";
            return false;
        }

        reason = "";
        return true;
    }
}
