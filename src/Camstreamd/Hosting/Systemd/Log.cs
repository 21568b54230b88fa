using Microsoft.Extensions.Logging;

namespace Camstreamd.Hosting.Systemd;

/// <summary>Log messages of the systemd integration; event ids 4000-4099 belong to this area.</summary>
internal static partial class Log
{
    [LoggerMessage(4000, LogLevel.Information, "systemd: ready, notify socket {Socket}")]
    public static partial void Ready(ILogger logger, string socket);

    [LoggerMessage(4001, LogLevel.Warning, "systemd: could not send {Message} to the notify socket {Socket}")]
    public static partial void NotifyFailed(ILogger logger, string message, string socket);

    [LoggerMessage(4002, LogLevel.Information, "systemd: watchdog on, WatchdogSec={Interval}, pinging every {Period} while healthy")]
    public static partial void WatchdogEnabled(ILogger logger, TimeSpan interval, TimeSpan period);

    [LoggerMessage(4003, LogLevel.Error, "systemd: watchdog ping withheld, daemon unhealthy: {Reason}")]
    public static partial void WatchdogWithheld(ILogger logger, string reason);

    [LoggerMessage(4004, LogLevel.Information, "systemd: healthy again, watchdog pings resume")]
    public static partial void WatchdogRecovered(ILogger logger);

    [LoggerMessage(4005, LogLevel.Information, "systemd: socket activation, listening on {Count} passed socket(s) from fd 3")]
    public static partial void SocketActivated(ILogger logger, int count);

    [LoggerMessage(4006, LogLevel.Information, "systemd: no viewers for {IdleTimeout} under socket activation (Streaming:ExitWhenIdle), exiting; the socket starts us again")]
    public static partial void ExitingWhenIdle(ILogger logger, TimeSpan idleTimeout);

    [LoggerMessage(4007, LogLevel.Warning, "Streaming:ExitWhenIdle=true has no effect: {Reason}")]
    public static partial void ExitWhenIdleIgnored(ILogger logger, string reason);

    [LoggerMessage(4008, LogLevel.Information, "configuration reload requested ({Trigger})")]
    public static partial void ReloadRequested(ILogger logger, string trigger);

    [LoggerMessage(4009, LogLevel.Information, "configuration reloaded and applied")]
    public static partial void ReloadApplied(ILogger logger);

    [LoggerMessage(4010, LogLevel.Error, "configuration reload rejected, the running configuration stays: {Reason}")]
    public static partial void ReloadRejected(ILogger logger, string reason);

    [LoggerMessage(4012, LogLevel.Warning, "configuration reload: {Key} changed from {Old} to {New}, which takes effect only after `systemctl restart camstreamd`; the rest is applied")]
    public static partial void ReloadNeedsRestart(ILogger logger, string key, string old, string @new);

    [LoggerMessage(4013, LogLevel.Information, "configuration reload: the camera settings changed, restarting capture")]
    public static partial void ReloadRestartsCapture(ILogger logger);
}
