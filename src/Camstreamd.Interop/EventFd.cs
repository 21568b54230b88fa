namespace Camstreamd.Interop;

/// <summary>
/// An eventfd(2) as a wake-up from one thread to another: posting is one write, waiting a poll and a read, and no
/// user-space lock is shared, so the two threads never contend (a monitor's pulse made the woken thread spin and
/// wait for the pulsing one's lock). Non-blocking and close-on-exec; the caller owns the descriptor and closes it.
/// </summary>
internal static class EventFd
{
    /// <summary>A new eventfd, or -1 (errno set) when none can be made, such as when the process has no descriptor left.</summary>
    public static int Create() => Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);

    /// <summary>Makes the eventfd readable. Never blocks: it could only fail once 2^64 - 2 posts went unread.</summary>
    public static void Post(int eventFd) => Libc.write(eventFd, 1UL, sizeof(ulong));

    /// <summary>Waits until the eventfd is readable, at most <paramref name="timeout"/>; false only when the time ran out (a signal handler's interruption counts as readable: read to find out).</summary>
    public static bool Wait(int eventFd, TimeSpan timeout)
    {
        PollFd poll = new() { fd = eventFd, events = Libc.POLLIN };
        return Libc.poll(ref poll, 1, (int)timeout.TotalMilliseconds) != 0;
    }

    /// <summary>Takes every post made since the last take; false when there was none.</summary>
    public static bool TryTake(int eventFd) => Libc.read(eventFd, out _, sizeof(ulong)) == sizeof(ulong);
}
