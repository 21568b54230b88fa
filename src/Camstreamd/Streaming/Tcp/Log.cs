using Microsoft.Extensions.Logging;

namespace Camstreamd.Streaming.Tcp;

/// <summary>Log messages of the TCP stream; event ids 4100-4199 belong to this area. Readers' arrivals and departures are the viewers' lines (100-103).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "TCP stream: listening on {Endpoint}, {Origin} (per frame an 8-byte little-endian length, then the JPEG)")]
    public static partial void Listening(ILogger logger, string endpoint, string origin);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "TCP stream: stopped listening on {Endpoint} ({Reason})")]
    public static partial void StoppedListening(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "TCP stream: cannot listen on {Endpoint} (Tcp:Address, Tcp:Port): {Error}; no TCP stream until the configuration is fixed and reloaded")]
    public static partial void ListenFailed(ILogger logger, string endpoint, string error);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "TCP stream: accepting a connection on {Endpoint} failed: {Error}; trying again shortly")]
    public static partial void AcceptFailed(ILogger logger, string endpoint, string error);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "TCP stream: the Tcp settings changed, closing {Readers} reader(s) and listening anew")]
    public static partial void Reopening(ILogger logger, int readers);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "TCP stream: {Readers} reader(s) on {Endpoint} did not end within {Seconds} s; their connections were cut")]
    public static partial void ReadersCut(ILogger logger, int readers, string endpoint, double seconds);
}
