using Microsoft.Extensions.Logging;

namespace Camstreamd.Authentication;

internal static partial class Log
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Warning, Message = "Authentication failed from {Address} with {User}; more failures from this address within a minute are counted, not logged")]
    public static partial void AuthenticationFailed(ILogger logger, string address, string user);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "{Address} failed to authenticate {Failures} times within a minute: refused with 429 for {Seconds} s")]
    public static partial void AddressLockedOut(ILogger logger, string address, int failures, double seconds);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Request from {Address} refused with 503: {Checks} password checks were busy for too long")]
    public static partial void ChecksBusy(ILogger logger, string address, int checks);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Authentication on (Auth:Users): {Users} users, {Tokens} tokens; every endpoint but /healthz needs them")]
    public static partial void AuthenticationOn(ILogger logger, int users, int tokens);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Authentication off: Auth:Users is empty, anyone who reaches the port may watch")]
    public static partial void AuthenticationOff(ILogger logger);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Debug, Message = "Request from {Address} authenticated as {Identity}")]
    public static partial void Authenticated(ILogger logger, string address, string identity);
}
