using System.Runtime.InteropServices;

namespace Camstreamd.V4l2;

/// <summary>A failed system call on a V4L2 device: which device, which call (e.g. VIDIOC_DQBUF) and the errno.</summary>
public sealed class V4l2Exception : IOException
{
    public V4l2Exception(string devicePath, string operation, int errno)
        : base($"{devicePath}: {operation} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})")
    {
        DevicePath = devicePath;
        Operation = operation;
        Errno = errno;
    }

    public V4l2Exception(string devicePath, string operation, string reason)
        : base($"{devicePath}: {operation}: {reason}")
    {
        DevicePath = devicePath;
        Operation = operation;
    }

    public V4l2Exception()
    {
        DevicePath = "";
        Operation = "";
    }

    public V4l2Exception(string message)
        : base(message)
    {
        DevicePath = "";
        Operation = "";
    }

    public V4l2Exception(string message, Exception innerException)
        : base(message, innerException)
    {
        DevicePath = "";
        Operation = "";
    }

    /// <summary>The device node the call was made on.</summary>
    public string DevicePath { get; }

    /// <summary>The ioctl name or libc call that failed.</summary>
    public string Operation { get; }

    /// <summary>The errno; 0 when the failure was a check of ours rather than a system call.</summary>
    public int Errno { get; }

    /// <summary>
    /// True when the device is gone or broken (unplugged, disconnected, fatal driver error): the caller
    /// must close it and open it again later.
    /// </summary>
    public bool IsDeviceLost => Errno is global::Camstreamd.Interop.Errno.ENODEV or global::Camstreamd.Interop.Errno.EIO or global::Camstreamd.Interop.Errno.ENXIO or global::Camstreamd.Interop.Errno.EPIPE;
}
