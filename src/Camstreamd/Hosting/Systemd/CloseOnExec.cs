using System.ComponentModel;
using System.Runtime.InteropServices;
using Camstreamd.Interop;

namespace Camstreamd.Hosting.Systemd;

/// <summary>
/// Ours, part of socket activation (the library has none). Marks an inherited descriptor close-on-exec, as sd_listen_fds(3) does for the sockets systemd passes:
/// they arrive without it, and a program we start (Camera:Source=command) must not inherit the listening socket.
/// </summary>
internal static class CloseOnExec
{
    /// <summary>Sets FD_CLOEXEC on <paramref name="fileDescriptor"/>, keeping its other descriptor flags.</summary>
    public static void Set(int fileDescriptor)
    {
        int flags = Libc.fcntl(fileDescriptor, Libc.F_GETFD, 0);
        if (flags < 0 || Libc.fcntl(fileDescriptor, Libc.F_SETFD, flags | Libc.FD_CLOEXEC) < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"cannot mark descriptor {fileDescriptor} close-on-exec");
        }
    }
}
