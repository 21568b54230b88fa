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
}
