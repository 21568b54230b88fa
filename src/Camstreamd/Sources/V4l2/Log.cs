using Microsoft.Extensions.Logging;

namespace Camstreamd.Sources.V4l2;

/// <summary>Source-generated log messages of the V4L2 source; event ids 3300-3399.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3300, Level = LogLevel.Information, Message = "V4L2 capture started on {Device} ({Card}, {Driver}, {Bus}): {Format}, {FramesPerSecond} fps, {Buffers} buffers, {Mode}")]
    public static partial void Started(ILogger logger, string device, string card, string driver, string bus, string format, string framesPerSecond, int buffers, string mode);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Warning, Message = "{Device}: asked for {Requested}, the driver chose {Chosen}; streaming at that")]
    public static partial void FormatAdjusted(ILogger logger, string device, string requested, string chosen);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "{Device}: control {Control} set to {Value}")]
    public static partial void ControlSet(ILogger logger, string device, string control, int value);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Warning, Message = "{Device}: no HDMI signal ({Status}); waiting for one")]
    public static partial void NoSignal(ILogger logger, string device, string status);

    [LoggerMessage(EventId = 3304, Level = LogLevel.Information, Message = "{Device}: signal detected, DV timings {Timings}")]
    public static partial void SignalLocked(ILogger logger, string device, string timings);

    [LoggerMessage(EventId = 3305, Level = LogLevel.Information, Message = "{Device}: source changed; renegotiating")]
    public static partial void SourceChanged(ILogger logger, string device);

    [LoggerMessage(EventId = 3306, Level = LogLevel.Information, Message = "V4L2 capture stopped on {Device} after {Frames} frames ({Dropped} dropped, {Skipped} skipped for newer)")]
    public static partial void Stopped(ILogger logger, string device, long frames, long dropped, long skipped);

    [LoggerMessage(EventId = 3307, Level = LogLevel.Information, Message = "{Device}: {What} through {How}")]
    public static partial void Orientation(ILogger logger, string device, string what, string how);
}
