using System.Runtime.InteropServices;
using System.Text;
using Camstreamd.Interop;

namespace Camstreamd.Configuration.Reload;

/// <summary>
/// Calls back when a configuration file is written, created or renamed into place (an editor that saves to a new file
/// and renames it over the old one): an inotify watch on each file's directory, read on a thread of its own into a
/// buffer on that thread's stack. <see cref="FileSystemWatcher"/> did the same with a managed buffer that stayed pinned
/// while it waited, for as long as the daemon ran: the garbage collector could never compact the young generation it
/// was allocated in, and kept 1.9 MB of start-up's memory (issue #12).
/// </summary>
internal sealed class ConfigFileWatcher : IDisposable
{
    private const uint WatchedEvents = Libc.IN_MODIFY | Libc.IN_CLOSE_WRITE | Libc.IN_MOVED_TO | Libc.IN_CREATE;

    // struct inotify_event: int wd, uint32 mask, uint32 cookie, uint32 len, then len bytes of NUL-padded name.
    private const int EventHeaderSize = 16;

    // Nothing to do between events; the stop is signalled. The timeout only bounds the wait.
    private static readonly TimeSpan WaitLimit = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly int _inotify;
    private readonly int _stop;
    private readonly Dictionary<int, List<byte[]>> _namesByWatch;
    private readonly Action _changed;
    private readonly Thread _thread;
    private int _disposed;

    private ConfigFileWatcher(int inotify, int stop, Dictionary<int, List<byte[]>> namesByWatch, Action changed)
    {
        _inotify = inotify;
        _stop = stop;
        _namesByWatch = namesByWatch;
        _changed = changed;
        _thread = new Thread(Run) { Name = "config watch", IsBackground = true };
        _thread.Start();
    }

    /// <summary>True until the watcher's thread has ended (it ends on <see cref="Dispose"/>).</summary>
    public bool IsWatching => _thread.IsAlive;

    /// <summary>
    /// Watches <paramref name="files"/> (full paths); <paramref name="changed"/> runs on the watcher's thread, once per
    /// batch of events, so it must be quick. Null with the reason (an errno's text, per file) when a watch cannot be
    /// made, such as when the user's inotify watches are used up.
    /// </summary>
    public static ConfigFileWatcher? TryStart(IReadOnlyList<string> files, Action changed, out string? failure)
    {
        failure = null;
        if (files.Count == 0)
        {
            return null;
        }

        int inotify = Libc.inotify_init1(Libc.IN_NONBLOCK | Libc.IN_CLOEXEC);
        if (inotify < 0)
        {
            failure = LastError("inotify_init1");
            return null;
        }

        Dictionary<int, List<byte[]>> namesByWatch = new();
        foreach (string file in files)
        {
            int watch = Libc.inotify_add_watch(inotify, Path.GetDirectoryName(file)!, WatchedEvents);
            if (watch < 0)
            {
                failure = LastError($"inotify_add_watch on {Path.GetDirectoryName(file)}");
                Libc.close(inotify);
                return null;
            }

            // Two files in one directory share its watch.
            namesByWatch.TryAdd(watch, []);
            namesByWatch[watch].Add(Encoding.UTF8.GetBytes(Path.GetFileName(file)));
        }

        int stop = EventFd.Create();
        if (stop < 0)
        {
            failure = LastError("eventfd");
            Libc.close(inotify);
            return null;
        }

        return new ConfigFileWatcher(inotify, stop, namesByWatch, changed);
    }

    public void Dispose()
    {
        // Once: a second post could reach a descriptor number closed and reused since.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        EventFd.Post(_stop);
        // A thread that does not end within the limit is a background thread: it cannot keep the process alive, and its
        // descriptors are left open rather than closed under it.
        if (_thread.Join(StopTimeout))
        {
            Libc.close(_inotify);
            Libc.close(_stop);
        }
    }

    private void Run()
    {
        Span<PollFd> descriptors = stackalloc PollFd[2];
        Span<byte> events = stackalloc byte[4096];
        while (true)
        {
            descriptors[0] = new PollFd { fd = _inotify, events = Libc.POLLIN };
            descriptors[1] = new PollFd { fd = _stop, events = Libc.POLLIN };
            if (Libc.poll(ref descriptors[0], 2, (int)WaitLimit.TotalMilliseconds) < 0 && Marshal.GetLastPInvokeError() != Errno.EINTR)
            {
                return;
            }

            // Stopped, or the inotify descriptor broke (nothing closes it before this thread ends; no spinning on it).
            if (descriptors[1].revents != 0 || (descriptors[0].revents & (Libc.POLLERR | Libc.POLLNVAL)) != 0)
            {
                return;
            }

            nint read = Libc.read(_inotify, ref events[0], (nuint)events.Length);
            if (read > 0 && Concerns(events[..(int)read]))
            {
                _changed();
            }
        }
    }

    /// <summary>The failed call and the text of the errno it left.</summary>
    private static string LastError(string call) => $"{call}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";

    /// <summary>Whether one of the events names a watched file (or the kernel dropped some, which may have).</summary>
    private bool Concerns(ReadOnlySpan<byte> events)
    {
        bool concerns = false;
        while (events.Length >= EventHeaderSize)
        {
            int watch = MemoryMarshal.Read<int>(events);
            uint mask = MemoryMarshal.Read<uint>(events[4..]);
            int nameLength = (int)MemoryMarshal.Read<uint>(events[12..]);
            ReadOnlySpan<byte> name = events.Slice(EventHeaderSize, nameLength);
            int end = name.IndexOf((byte)0);
            concerns |= (mask & Libc.IN_Q_OVERFLOW) != 0 || IsWatched(watch, end < 0 ? name : name[..end]);
            events = events[(EventHeaderSize + nameLength)..];
        }

        return concerns;
    }

    private bool IsWatched(int watch, ReadOnlySpan<byte> name)
    {
        if (!_namesByWatch.TryGetValue(watch, out List<byte[]>? names))
        {
            return false;
        }

        foreach (byte[] watched in names)
        {
            if (name.SequenceEqual(watched))
            {
                return true;
            }
        }

        return false;
    }
}
