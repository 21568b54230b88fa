using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Camstreamd.Interop;

/// <summary>
/// The libc calls .NET does not offer, for the V4L2 layer (open, ioctl, mmap, poll) and the daemon (a bounded
/// wait on a command source's pipe, a signal other than SIGKILL, close-on-exec on socket activation's sockets and telling them apart by port),
/// and the plain calls the capture thread makes every frame where .NET's own allocate or lock (a folder's file read, the pacer's sleep).
/// Every call sets errno for <see cref="Marshal.GetLastPInvokeError"/>. Only LP64 Linux (x86-64, arm64) is
/// supported: <c>off_t</c>, <c>nfds_t</c> and <c>unsigned long</c> are 64-bit there.
/// </summary>
internal static unsafe partial class Libc
{
    private const string LibraryName = "libc";

    // Flag values from <fcntl.h>, <poll.h>, <sys/mman.h> and <signal.h>; identical on x86-64 and arm64.
    internal const int O_RDONLY = 0x0;
    internal const int O_RDWR = 0x2;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_CLOEXEC = 0x80000;

    internal const int F_GETFD = 1;
    internal const int F_SETFD = 2;
    internal const int FD_CLOEXEC = 1;

    internal const short POLLIN = 0x1;
    internal const short POLLPRI = 0x2;
    internal const short POLLERR = 0x8;
    internal const short POLLHUP = 0x10;
    internal const short POLLNVAL = 0x20;

    internal const int PROT_READ = 0x1;
    internal const int PROT_WRITE = 0x2;
    internal const int MAP_SHARED = 0x1;
    internal const int MADV_RANDOM = 1;
    internal const int MADV_PAGEOUT = 21;
    internal const int POSIX_FADV_DONTNEED = 4;

    internal const int PRIO_PROCESS = 0;

    internal const int AT_FDCWD = -100;
    internal const int AT_EMPTY_PATH = 0x1000;
    internal const uint STATX_TYPE = 0x1;
    internal const uint STATX_MTIME = 0x40;
    internal const uint STATX_INO = 0x100;
    internal const uint STATX_SIZE = 0x200;
    internal const int S_IFMT = 0xF000;
    internal const int S_IFREG = 0x8000;

    internal const int CLOCK_MONOTONIC = 1;

    // <sys/inotify.h>: the events a configuration file's directory is watched for.
    internal const uint IN_MODIFY = 0x2;
    internal const uint IN_CLOSE_WRITE = 0x8;
    internal const uint IN_MOVED_TO = 0x80;
    internal const uint IN_CREATE = 0x100;
    internal const uint IN_Q_OVERFLOW = 0x4000;
    internal const int IN_NONBLOCK = 0x800;
    internal const int IN_CLOEXEC = 0x80000;

    internal const int EFD_NONBLOCK = 0x800;
    internal const int EFD_CLOEXEC = 0x80000;

    internal const int SIGKILL = 9;
    internal const int SIGTERM = 15;

    internal static readonly void* MAP_FAILED = (void*)-1;

    [LibraryImport(LibraryName, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string path, int flags);

    [LibraryImport(LibraryName, EntryPoint = "close", SetLastError = true)]
    internal static partial int close(int fileDescriptor);

    /// <summary>pread(2): up to <paramref name="count"/> bytes from <paramref name="offset"/> into <paramref name="buffer"/> and on; 0 at the end of the file.</summary>
    [LibraryImport(LibraryName, EntryPoint = "pread", SetLastError = true)]
    internal static partial nint pread(int fileDescriptor, ref byte buffer, nuint count, long offset);

    /// <summary>statx(2), for an open descriptor with an empty path and <see cref="AT_EMPTY_PATH"/>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int statx(int directoryFileDescriptor, string path, int flags, uint mask, out Statx buffer);

    /// <summary>clock_nanosleep(2); returns the error number itself (0, or EINTR when a signal handler ran), not through errno.</summary>
    [LibraryImport(LibraryName, EntryPoint = "clock_nanosleep")]
    internal static partial int clock_nanosleep(int clock, int flags, in Timespec request, out Timespec remaining);

    [LibraryImport(LibraryName, EntryPoint = "eventfd", SetLastError = true)]
    internal static partial int eventfd(uint initialValue, int flags);

    /// <summary>read(2) of one 8-byte value, as an eventfd gives its counter.</summary>
    [LibraryImport(LibraryName, EntryPoint = "read", SetLastError = true)]
    internal static partial nint read(int fileDescriptor, out ulong value, nuint count);

    /// <summary>read(2) into a buffer; an inotify descriptor is read this way (it has no offset for pread).</summary>
    [LibraryImport(LibraryName, EntryPoint = "read", SetLastError = true)]
    internal static partial nint read(int fileDescriptor, ref byte buffer, nuint count);

    [LibraryImport(LibraryName, EntryPoint = "inotify_init1", SetLastError = true)]
    internal static partial int inotify_init1(int flags);

    [LibraryImport(LibraryName, EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int inotify_add_watch(int fileDescriptor, string path, uint mask);

    /// <summary>write(2) of one 8-byte value, as an eventfd adds it to its counter.</summary>
    [LibraryImport(LibraryName, EntryPoint = "write", SetLastError = true)]
    internal static partial nint write(int fileDescriptor, in ulong value, nuint count);

    // ioctl is variadic in C; on the LP64 ABIs we support a pointer in the third slot is passed
    // exactly like a fixed argument, which is how every binding calls it.
    [LibraryImport(LibraryName, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int ioctl(SafeFileHandle fd, nuint request, void* argument);

    [LibraryImport(LibraryName, EntryPoint = "mmap", SetLastError = true)]
    internal static partial void* mmap(void* address, nuint length, int protection, int flags, SafeFileHandle fd, long offset);

    [LibraryImport(LibraryName, EntryPoint = "munmap", SetLastError = true)]
    internal static partial int munmap(void* address, nuint length);

    [LibraryImport(LibraryName, EntryPoint = "madvise", SetLastError = true)]
    internal static partial int madvise(nint address, nuint length, int advice);

    [LibraryImport(LibraryName, EntryPoint = "fdatasync", SetLastError = true)]
    internal static partial int fdatasync(int fileDescriptor);

    /// <summary>posix_fadvise(2): returns the error number itself, 0 on success, and leaves errno alone.</summary>
    [LibraryImport(LibraryName, EntryPoint = "posix_fadvise")]
    internal static partial int posix_fadvise(int fileDescriptor, long offset, long length, int advice);

    /// <summary>poll(2); <paramref name="fds"/> is the first of <paramref name="count"/> descriptors (a <c>ref</c>, so callers need no unsafe code).</summary>
    [LibraryImport(LibraryName, EntryPoint = "poll", SetLastError = true)]
    internal static partial int poll(ref PollFd fds, nuint count, int timeoutMilliseconds);

    /// <summary>kill(2); a negative <paramref name="pid"/> signals the whole process group.</summary>
    [LibraryImport(LibraryName, EntryPoint = "kill", SetLastError = true)]
    internal static partial int kill(int pid, int signal);

    /// <summary>fcntl(2) with an int argument (it is variadic; an int passes as a plain argument on x86-64 and arm64).</summary>
    [LibraryImport(LibraryName, EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int fcntl(int fileDescriptor, int command, int argument);

    /// <summary>getsockname(2): the address a socket is bound to, as a struct sockaddr in <paramref name="address"/>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "getsockname", SetLastError = true)]
    internal static partial int getsockname(int fileDescriptor, [Out] byte[] address, ref uint length);

    /// <summary>getpriority(2) with PRIO_PROCESS and 0: the calling thread's nice value (-1 is a value too: check errno).</summary>
    [LibraryImport(LibraryName, EntryPoint = "getpriority", SetLastError = true)]
    internal static partial int getpriority(int which, int who);

    /// <summary>setpriority(2) with PRIO_PROCESS and a thread id: on Linux the nice value is per thread.</summary>
    [LibraryImport(LibraryName, EntryPoint = "setpriority", SetLastError = true)]
    internal static partial int setpriority(int which, int who, int niceness);

    /// <summary>gettid(2): the calling thread's id, for <see cref="setpriority"/>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "gettid")]
    internal static partial int gettid();
}
