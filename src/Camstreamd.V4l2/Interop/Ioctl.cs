using System.Runtime.InteropServices;
using Camstreamd.Interop;
using Microsoft.Win32.SafeHandles;

namespace Camstreamd.V4l2.Interop;

/// <summary>ioctl with EINTR retried and failures turned into <see cref="V4l2Exception"/> or an errno.</summary>
internal static unsafe class Ioctl
{
    /// <summary>Calls the ioctl; returns 0 on success or the errno (never EINTR).</summary>
    internal static int TryCall<T>(SafeFileHandle fd, uint request, ref T argument)
        where T : unmanaged
    {
        fixed (T* pointer = &argument)
        {
            return TryCall(fd, request, pointer);
        }
    }

    internal static int TryCall(SafeFileHandle fd, uint request, void* argument)
    {
        while (true)
        {
            if (Libc.ioctl(fd, request, argument) >= 0)
            {
                return 0;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EINTR)
            {
                return errno;
            }
        }
    }

    /// <summary>Calls the ioctl and throws with the device, the ioctl's name and errno on failure.</summary>
    internal static void Call<T>(SafeFileHandle fd, string devicePath, uint request, string name, ref T argument)
        where T : unmanaged
    {
        int errno = TryCall(fd, request, ref argument);
        if (errno != 0)
        {
            throw new V4l2Exception(devicePath, name, errno);
        }
    }
}
