using Microsoft.Extensions.Logging;

namespace Camstreamd.Sources.Folder;

/// <summary>Source-generated log messages of the folder source; event ids 3200-3299.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "Folder source started on {Folder} ({Mode}, {FramesPerSecond} fps): {Count} JPEG files present")]
    public static partial void Started(ILogger logger, string folder, string mode, double framesPerSecond, int count);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Skipping {File}: not a valid JPEG, {Reason}. It is never sent; this is logged once per file.")]
    public static partial void InvalidFile(ILogger logger, string file, string reason);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Folder source stopped after {Frames} frames ({Dropped} files dropped)")]
    public static partial void Stopped(ILogger logger, long frames, long dropped);
}
