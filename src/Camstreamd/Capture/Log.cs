using Microsoft.Extensions.Logging;

namespace Camstreamd.Capture;

internal static partial class Log
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Starting {Kind} source {Location} because {Reason}")]
    public static partial void SourceStarting(ILogger logger, string kind, string location, string reason);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Source {Kind} {Location} is running at {Width}x{Height}, {Fps} fps configured")]
    public static partial void SourceRunning(ILogger logger, string kind, string location, int width, int height, double fps);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Stopped {Kind} source {Location}: {Reason}")]
    public static partial void SourceStopped(ILogger logger, string kind, string location, string reason);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "Source {Kind} {Location} failed: {Reason}; retrying in {RetrySeconds} s while someone watches")]
    public static partial void SourceFailed(ILogger logger, string kind, string location, string reason, double retrySeconds);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "Source {Kind} {Location} recovered")]
    public static partial void SourceRecovered(ILogger logger, string kind, string location);

    [LoggerMessage(EventId = 205, Level = LogLevel.Debug, Message = "Dropped a broken frame from {Location}: {Reason}")]
    public static partial void FrameDropped(ILogger logger, string location, string reason);

    [LoggerMessage(EventId = 206, Level = LogLevel.Critical, Message = "The capture loop stopped on an unexpected error; exiting so the service manager can restart it")]
    public static partial void CaptureCrashed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 207, Level = LogLevel.Warning, Message = "{Warning}")]
    public static partial void SourceWarning(ILogger logger, string warning);
}
