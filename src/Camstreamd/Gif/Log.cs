using Microsoft.Extensions.Logging;

namespace Camstreamd.Gif;

internal static partial class Log
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Information, Message = "GIF encoder started for {Viewers} GIF viewer(s): {Width} px wide, at most {Fps} fps, {Colors} colours, dither {Dither}")]
    public static partial void EncoderStarted(ILogger logger, int viewers, int width, double fps, int colors, string dither);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "GIF encoder paused: no GIF viewer; {Encoded} frames encoded, {PassedThrough} passed through so far")]
    public static partial void EncoderPaused(ILogger logger, long encoded, long passedThrough);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "GIF encoder skipped frame {Sequence}: {Reason} (further failures are logged at Debug)")]
    public static partial void FrameSkipped(ILogger logger, long sequence, string reason);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Debug, Message = "GIF encoder skipped frame {Sequence}: {Reason}")]
    public static partial void FrameSkippedAgain(ILogger logger, long sequence, string reason);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Error, Message = "GIF encoder cannot run; /stream.gif answers 503 with the reason until the daemon restarts")]
    public static partial void EncoderFailed(ILogger logger, Exception exception);
}
