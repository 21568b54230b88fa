using Microsoft.Extensions.Logging;

namespace Camstreamd.Gpio;

internal static partial class Log
{
    [LoggerMessage(EventId = 4910, Level = LogLevel.Information, Message = "GPIO on {Chip} through libgpiod {Driver}: {Lines}")]
    public static partial void Opened(ILogger logger, string chip, string driver, string lines);

    [LoggerMessage(EventId = 4911, Level = LogLevel.Error, Message = "GPIO on {Chip} cannot be used, streaming goes on without it: {Reason}")]
    public static partial void OpenFailed(ILogger logger, string chip, string reason);

    [LoggerMessage(EventId = 4912, Level = LogLevel.Warning, Message = "GPIO output {Output} on line {Line} of {Chip} cannot be set ({Reason}); streaming goes on, further failures of this line are not logged until it works again")]
    public static partial void OutputFailed(ILogger logger, string output, int line, string chip, string reason);

    [LoggerMessage(EventId = 4913, Level = LogLevel.Information, Message = "GPIO output {Output} on line {Line} of {Chip} works again")]
    public static partial void OutputRecovered(ILogger logger, string output, int line, string chip);

    [LoggerMessage(EventId = 4914, Level = LogLevel.Information, Message = "GPIO lines of {Chip} released, outputs set inactive ({Reason})")]
    public static partial void Released(ILogger logger, string chip, string reason);

    [LoggerMessage(EventId = 4915, Level = LogLevel.Warning, Message = "GPIO release of {Chip} was incomplete: {Reason}")]
    public static partial void ReleaseFailed(ILogger logger, string chip, string reason);

    [LoggerMessage(EventId = 4916, Level = LogLevel.Information, Message = "GPIO configuration changed: reopening the lines")]
    public static partial void Reopening(ILogger logger);

    [LoggerMessage(EventId = 4917, Level = LogLevel.Debug, Message = "GPIO output {Output} on line {Line} set {Value}")]
    public static partial void OutputSet(ILogger logger, string output, int line, bool value);
}
