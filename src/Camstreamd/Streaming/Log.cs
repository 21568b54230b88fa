using Microsoft.Extensions.Logging;

namespace Camstreamd.Streaming;

internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Viewer {Address} connected to the stream ({Viewers} watching)")]
    public static partial void ViewerConnected(ILogger logger, string address, int viewers);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Viewer {Address} left after {Seconds:0.0} s, {Sent} frames sent, {Dropped} dropped ({Reason})")]
    public static partial void ViewerLeft(ILogger logger, string address, double seconds, long sent, long dropped, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Evicted viewer {Address}: {Reason}")]
    public static partial void ViewerEvicted(ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Rejected viewer {Address}: {Viewers} viewers already, the limit Streaming:MaxClients is {MaxClients}")]
    public static partial void ViewerRejected(ILogger logger, string address, int viewers, int maxClients);

    [LoggerMessage(EventId = 5100, Level = LogLevel.Warning, Message = "Rejected viewer {Address} ({Kind}): {Host} holds {MaxClientsPerAddress} streams already, the limit Streaming:MaxClientsPerAddress")]
    public static partial void ViewerRejectedForAddress(ILogger logger, string address, string kind, int maxClientsPerAddress, string host);
}
