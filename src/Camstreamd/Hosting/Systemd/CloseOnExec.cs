using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Camstreamd.Hosting.Systemd;

/// <summary>
/// Marks an inherited descriptor close-on-exec, as sd_listen_fds(3) does for the sockets systemd passes:
/// they arrive without it, and a program we start (Camera:Source=command) must not inherit the listening
/// socket. Plain DllImport: the arguments are ints, so nothing is marshalled and no unsafe code is needed.
/// </summary>
internal static class CloseOnExec
{
    // <fcntl.h>, the same on x86-64 and arm64. fcntl is variadic; an int third argument is passed as a plain
    // one on both ABIs.
    private const int F_GETFD = 1;
    private const int F_SETFD = 2;
    private const int FD_CLOEXEC = 1;

    /// <summary>Sets FD_CLOEXEC on <paramref name="fileDescriptor"/>, keeping its other descriptor flags.</summary>
    public static void Set(int fileDescriptor)
    {
        int flags = fcntl(fileDescriptor, F_GETFD, 0);
        if (flags < 0 || fcntl(fileDescriptor, F_SETFD, flags | FD_CLOEXEC) < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"cannot mark descriptor {fileDescriptor} close-on-exec");
        }
    }

#pragma warning disable SYSLIB1054 // See the class comment.
    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static extern int fcntl(int fileDescriptor, int command, int argument);
#pragma warning restore SYSLIB1054
}
