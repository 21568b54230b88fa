using Microsoft.Extensions.Logging;

namespace Camstreamd.Hosting;

/// <summary>Log messages of the host's lifetime (exit-on-idle, memory trims); event ids 4006-4008 and 4014, from the 4000s of the systemd integration it grew out of.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "systemd: no viewers for {IdleTimeout} under socket activation (Streaming:ExitWhenIdle), exiting; the socket starts us again")]
    public static partial void ExitingWhenIdle(ILogger logger, TimeSpan idleTimeout);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Streaming:ExitWhenIdle=true has no effect: {Reason}")]
    public static partial void ExitWhenIdleIgnored(ILogger logger, string reason);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Debug, Message = "Memory trimmed after {Reason}: managed heap {HeapBytes} bytes ({FragmentedBytes} of them free), {CommittedBefore} bytes held from the system before, {CommittedAfter} after (collection {Attempt}); the unused pages of the program's {ProgramBytes} bytes of read-only mappings given back")]
    public static partial void MemoryTrimmed(ILogger logger, string reason, long heapBytes, long committedBefore, long committedAfter, long programBytes, long fragmentedBytes, int attempt);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Debug, Message = "The program's unused pages stay in memory: {Error} (MADV_PAGEOUT needs Linux 5.4)")]
    public static partial void ProgramPagesKept(ILogger logger, string error);
}
