using Microsoft.Extensions.Logging;

namespace Camstreamd.Sources.TestPattern;

/// <summary>Source-generated log messages of the test pattern; event ids 3100-3199.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Test pattern started: {Width}x{Height} at {FramesPerSecond} fps, JPEG quality {Quality}")]
    public static partial void Started(ILogger logger, int width, int height, double framesPerSecond, int quality);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Test pattern stopped after {Frames} frames ({Resyncs} pacing resyncs)")]
    public static partial void Stopped(ILogger logger, long frames, long resyncs);
}
