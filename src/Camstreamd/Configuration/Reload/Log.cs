using Microsoft.Extensions.Logging;

namespace Camstreamd.Configuration.Reload;

/// <summary>Log messages of configuration reload; event ids 4008-4013, kept from the systemd integration it grew out of.</summary>
internal static partial class Log
{
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
