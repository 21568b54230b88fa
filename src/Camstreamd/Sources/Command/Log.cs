using Microsoft.Extensions.Logging;

namespace Camstreamd.Sources.Command;

/// <summary>Source-generated log messages of the command source; event ids 3400-3499.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3400, Level = LogLevel.Information, Message = "Command source started {Program} (pid {Pid}); waiting up to {StartSeconds} s for its first JPEG")]
    public static partial void CommandStarted(ILogger logger, string program, int pid, double startSeconds);

    [LoggerMessage(EventId = 3401, Level = LogLevel.Information, Message = "Command {Program} (pid {Pid}) sends {Width}x{Height} JPEGs")]
    public static partial void FirstImage(ILogger logger, string program, int pid, int width, int height);

    [LoggerMessage(EventId = 3402, Level = LogLevel.Information, Message = "Command {Program} (pid {Pid}) ended after {Frames} frames ({Dropped} dropped, {Skipped} bytes between images skipped): {Reason}")]
    public static partial void CommandEnded(ILogger logger, string program, int pid, long frames, long dropped, long skipped, string reason);

    [LoggerMessage(EventId = 3403, Level = LogLevel.Warning, Message = "Command {Program} (pid {Pid}) was still running {GraceSeconds} s after SIGTERM; sending SIGKILL")]
    public static partial void CommandKilled(ILogger logger, string program, int pid, double graceSeconds);

    [LoggerMessage(EventId = 3404, Level = LogLevel.Debug, Message = "{Program} (pid {Pid}) stderr: {Line}")]
    public static partial void ErrorOutput(ILogger logger, string program, int pid, string line);

    [LoggerMessage(EventId = 3405, Level = LogLevel.Debug, Message = "{Program}: dropped an image while starting: {Reason}")]
    public static partial void DroppedWhileStarting(ILogger logger, string program, string reason);
}
