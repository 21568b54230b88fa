namespace Camstreamd.Status;

/// <summary>
/// Whether the capture side is alive. Implemented by the streaming core; the watchdog pings systemd only
/// while this says healthy, so a hung capture loop gets the service restarted.
/// </summary>
internal interface ICaptureHeartbeat
{
    /// <summary>True when the capture loop made progress recently or is idle by design; otherwise false with why.</summary>
    bool IsHealthy(out string reason);
}
