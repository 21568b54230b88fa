using System.Globalization;

namespace Camstreamd.Hosting.Systemd;

/// <summary>
/// Ours: the library reads only NOTIFY_SOCKET (and guesses "under systemd" from the parent process's name), not
/// WATCHDOG_USEC, LISTEN_FDS or JOURNAL_STREAM. What systemd told this process through its environment, read once at startup (before socket activation
/// unsets LISTEN_* so children do not inherit them). See sd_notify(3), sd_watchdog_enabled(3), sd_listen_fds(3).
/// </summary>
internal sealed class SystemdContext
{
    /// <summary>The first passed file descriptor (SD_LISTEN_FDS_START).</summary>
    public const int ListenFdsStart = 3;

    private SystemdContext(string? notifySocket, TimeSpan? watchdogInterval, int listenFdCount, bool isJournal)
    {
        NotifySocket = notifySocket;
        WatchdogInterval = watchdogInterval;
        ListenFdCount = listenFdCount;
        IsJournal = isJournal;
    }

    /// <summary>NOTIFY_SOCKET, or null when not started by systemd as a notify service.</summary>
    public string? NotifySocket { get; }

    /// <summary>WatchdogSec= as passed in WATCHDOG_USEC, when it is meant for this process.</summary>
    public TimeSpan? WatchdogInterval { get; }

    /// <summary>How many listening sockets systemd passed from fd 3 on (socket activation); 0 when none.</summary>
    public int ListenFdCount { get; }

    /// <summary>stdout/stderr go to the journal (JOURNAL_STREAM or INVOCATION_ID set).</summary>
    public bool IsJournal { get; }

    public bool IsSocketActivated => ListenFdCount > 0;

    public static SystemdContext FromEnvironment() =>
        From(Environment.GetEnvironmentVariable, Environment.ProcessId);

    /// <summary>Reads the variables through <paramref name="getVariable"/> so tests need not touch the process environment.</summary>
    public static SystemdContext From(Func<string, string?> getVariable, int processId)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        string? notifySocket = getVariable("NOTIFY_SOCKET");
        bool isJournal = !string.IsNullOrEmpty(getVariable("JOURNAL_STREAM"))
            || !string.IsNullOrEmpty(getVariable("INVOCATION_ID"));
        return new SystemdContext(
            string.IsNullOrEmpty(notifySocket) ? null : notifySocket,
            ReadWatchdog(getVariable, processId),
            ReadListenFds(getVariable, processId),
            isJournal);
    }

    // WATCHDOG_PID, when set, names the process the watchdog is for: a child that inherited it must not ping.
    private static TimeSpan? ReadWatchdog(Func<string, string?> getVariable, int processId)
    {
        if (!IsForThisProcess(getVariable("WATCHDOG_PID"), processId, requirePid: false)
            || !long.TryParse(getVariable("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out long usec)
            || usec <= 0)
        {
            return null;
        }

        return TimeSpan.FromMicroseconds(usec);
    }

    // LISTEN_PID is mandatory: without it the descriptors may belong to a parent (sd_listen_fds(3)).
    private static int ReadListenFds(Func<string, string?> getVariable, int processId)
    {
        if (!IsForThisProcess(getVariable("LISTEN_PID"), processId, requirePid: true)
            || !int.TryParse(getVariable("LISTEN_FDS"), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            return 0;
        }

        return count;
    }

    private static bool IsForThisProcess(string? pidText, int processId, bool requirePid)
    {
        if (string.IsNullOrEmpty(pidText))
        {
            return !requirePid;
        }

        return int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid == processId;
    }
}
