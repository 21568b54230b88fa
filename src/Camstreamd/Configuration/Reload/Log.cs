using Microsoft.Extensions.Logging;

namespace Camstreamd.Configuration.Reload;

/// <summary>Log messages of configuration reload; event ids 4008-4013 and 4015, kept from the systemd integration it grew out of.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4008, Level = LogLevel.Information, Message = "configuration reload requested ({Trigger})")]
    public static partial void ReloadRequested(ILogger logger, string trigger);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Information, Message = "configuration reloaded and applied")]
    public static partial void ReloadApplied(ILogger logger);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Error, Message = "configuration reload rejected, the running configuration stays: {Reason}")]
    public static partial void ReloadRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning, Message = "configuration reload: {Key} changed from {Old} to {New}, which takes effect only after `systemctl restart camstreamd`; the rest is applied")]
    public static partial void ReloadNeedsRestart(ILogger logger, string key, string old, string @new);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Information, Message = "configuration reload: the camera settings changed, restarting capture")]
    public static partial void ReloadRestartsCapture(ILogger logger);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Warning, Message = "configuration file {Path} is not watched for changes ({Reason}); `systemctl reload camstreamd` still applies an edit")]
    public static partial void FileNotWatched(ILogger logger, string path, string reason);
}
