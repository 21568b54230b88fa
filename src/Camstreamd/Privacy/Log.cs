using Microsoft.Extensions.Logging;

namespace Camstreamd.Privacy;

internal static partial class Log
{
    [LoggerMessage(EventId = 4900, Level = LogLevel.Warning, Message = "Privacy on ({Reason}): the camera is released and viewers see the privacy picture until it ends")]
    public static partial void PrivacyOn(ILogger logger, string reason);

    [LoggerMessage(EventId = 4901, Level = LogLevel.Information, Message = "Privacy off ({Reason}): the camera is used again")]
    public static partial void PrivacyOff(ILogger logger, string reason);
}
