using Microsoft.Extensions.Logging;

namespace Camstreamd.Publishing;

/// <summary>Source-generated log messages of publishing; event ids 4300-4399. URLs are always redacted.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4300, Level = LogLevel.Information, Message = "Publish target {Url}: starting ({Codec}, encoder {Encoder}, {Fps} fps)")]
    public static partial void TargetStarting(ILogger logger, string url, string codec, string encoder, double fps);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Publish target {Url}: publishing (ffmpeg pid {Pid})")]
    public static partial void TargetPublishing(ILogger logger, string url, int pid);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "Publish target {Url}: {Reason}; retrying in {DelaySeconds} s, then backing off up to {MaxDelaySeconds} s (logged again only when it publishes)")]
    public static partial void TargetRetrying(ILogger logger, string url, string reason, double delaySeconds, double maxDelaySeconds);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Debug, Message = "Publish target {Url}: still failing: {Reason}; next try in {DelaySeconds} s")]
    public static partial void TargetStillFailing(ILogger logger, string url, string reason, double delaySeconds);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Information, Message = "Publish target {Url}: stopped ({Reason}) after {Sent} frames sent, {Dropped} dropped")]
    public static partial void TargetStopped(ILogger logger, string url, string reason, long sent, long dropped);

    [LoggerMessage(EventId = 4305, Level = LogLevel.Debug, Message = "ffmpeg for {Url} (pid {Pid}) stderr: {Line}")]
    public static partial void ErrorOutput(ILogger logger, string url, int pid, string line);

    [LoggerMessage(EventId = 4306, Level = LogLevel.Warning, Message = "Publish target {Url}: ffmpeg (pid {Pid}) was still running {GraceSeconds} s after SIGTERM; sent SIGKILL")]
    public static partial void FfmpegKilled(ILogger logger, string url, int pid, double graceSeconds);

    [LoggerMessage(EventId = 4307, Level = LogLevel.Information, Message = "Publish targets reloaded: {Kept} kept, {Stopped} stopped, {Started} started")]
    public static partial void TargetsReloaded(ILogger logger, int kept, int stopped, int started);

    [LoggerMessage(EventId = 4308, Level = LogLevel.Debug, Message = "Publish target {Url}: ffmpeg (pid {Pid}) started: {Program}")]
    public static partial void FfmpegStarted(ILogger logger, string url, int pid, string program);

    [LoggerMessage(EventId = 4309, Level = LogLevel.Error, Message = "Publish target {Url}: ended by an unexpected error; it runs again after a reload that changes it or a restart")]
    public static partial void TargetFailed(ILogger logger, string url, Exception exception);
}
