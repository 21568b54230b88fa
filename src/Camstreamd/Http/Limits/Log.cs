using Microsoft.Extensions.Logging;

namespace Camstreamd.Http.Limits;

internal static partial class Log
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Closed {Closed} connections without a complete request head since the last such line (at most one a minute): more than {MaxPending} were waiting at once, a connection flood?")]
    public static partial void PendingConnectionsClosed(ILogger logger, long closed, int maxPending);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "Closed connection {Address}: no complete request head within {Seconds} s")]
    public static partial void RequestHeadTimedOut(ILogger logger, string address, double seconds);
}
