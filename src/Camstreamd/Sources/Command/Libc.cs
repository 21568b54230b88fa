using System.Runtime.InteropServices;

namespace Camstreamd.Sources.Command;

/// <summary>
/// The two libc calls a child process needs that .NET does not offer: a bounded wait on its output pipe
/// (Stream has no read with a timeout that allocates nothing) and a signal other than SIGKILL.
/// Plain DllImport on purpose: every parameter is blittable, so the runtime marshals nothing and this
/// project stays free of unsafe code (LibraryImport would generate pointer code for the <c>ref</c>).
/// </summary>
internal static class Libc
{
    private const string LibraryName = "libc";

    // <poll.h> and <signal.h>; identical on x86-64, arm64 and armhf.
    internal const short POLLIN = 0x1;
    internal const int SIGTERM = 15;
    internal const int SIGKILL = 9;
    internal const int EINTR = 4;
    internal const int ESRCH = 3;

    /// <summary>poll(2) on one descriptor; <paramref name="count"/> is 1.</summary>
#pragma warning disable SYSLIB1054 // See the class comment: DllImport keeps unsafe code out of this project.
    [DllImport(LibraryName, EntryPoint = "poll", SetLastError = true)]
    internal static extern int poll(ref PollFd fd, nuint count, int timeoutMilliseconds);

    /// <summary>kill(2); a negative <paramref name="pid"/> signals the whole process group.</summary>
    [DllImport(LibraryName, EntryPoint = "kill", SetLastError = true)]
    internal static extern int kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
