using System.Runtime.InteropServices;

namespace Camstreamd.Interop;

/// <summary>
/// The libc calls the daemon needs that .NET does not offer (the V4L2 ones live in Camstreamd.V4l2): for a
/// command source, a bounded wait on its output pipe (Stream has no read with a timeout that allocates
/// nothing) and a signal other than SIGKILL; for socket activation, close-on-exec on the passed sockets and the port each listens on.
/// Plain DllImport on purpose: every parameter is blittable, so the runtime marshals nothing and this
/// project stays free of unsafe code (LibraryImport would generate pointer code for the <c>ref</c>).
/// </summary>
internal static class Libc
{
    private const string LibraryName = "libc";

    // <poll.h>, <signal.h> and <errno.h>; identical on x86-64 and arm64.
    internal const short POLLIN = 0x1;
    internal const int SIGTERM = 15;
    internal const int SIGKILL = 9;
    internal const int EINTR = 4;

    // <fcntl.h>.
    internal const int F_GETFD = 1;
    internal const int F_SETFD = 2;
    internal const int FD_CLOEXEC = 1;

    /// <summary>poll(2) on one descriptor; <paramref name="count"/> is 1.</summary>
#pragma warning disable SYSLIB1054 // See the class comment: DllImport keeps unsafe code out of this project.
    [DllImport(LibraryName, EntryPoint = "poll", SetLastError = true)]
    internal static extern int poll(ref PollFd fd, nuint count, int timeoutMilliseconds);

    /// <summary>kill(2); a negative <paramref name="pid"/> signals the whole process group.</summary>
    [DllImport(LibraryName, EntryPoint = "kill", SetLastError = true)]
    internal static extern int kill(int pid, int signal);

    /// <summary>fcntl(2) with an int argument (it is variadic; an int passes as a plain argument on x86-64 and arm64).</summary>
    [DllImport(LibraryName, EntryPoint = "fcntl", SetLastError = true)]
    internal static extern int fcntl(int fileDescriptor, int command, int argument);

    /// <summary>getsockname(2): the address a socket is bound to, as a struct sockaddr in <paramref name="address"/>.</summary>
    [DllImport(LibraryName, EntryPoint = "getsockname", SetLastError = true)]
    internal static extern int getsockname(int fileDescriptor, byte[] address, ref uint length);
#pragma warning restore SYSLIB1054
}
