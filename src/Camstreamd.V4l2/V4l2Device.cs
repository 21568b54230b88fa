using System.Runtime.InteropServices;
using System.Text;
using Camstreamd.Interop;
using Camstreamd.V4l2.Interop;
using Camstreamd.V4l2.Native;
using Microsoft.Win32.SafeHandles;

namespace Camstreamd.V4l2;

/// <summary>
/// An open V4L2 device node: capabilities, formats, controls, DV timings and events. Opened
/// non-blocking so that no call can hang the capture thread; <see cref="StartCapture"/> streams from it.
/// Not thread-safe: one owner (the capture thread) uses it.
/// </summary>
public sealed unsafe partial class V4l2Device : IDisposable
{
    private readonly SafeFileHandle _fd;
    private V4l2Capture? _capture;

    private V4l2Device(string path, SafeFileHandle fd, V4l2Capabilities capabilities)
    {
        Path = path;
        _fd = fd;
        Capabilities = capabilities;
        BufferType = capabilities.IsMultiPlanarCapture && !capabilities.IsSinglePlanarCapture
            ? V4l2Const.V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE
            : V4l2Const.V4L2_BUF_TYPE_VIDEO_CAPTURE;
    }

    /// <summary>The path the device was opened by (a /dev/v4l/by-id link stays as given).</summary>
    public string Path { get; }

    public V4l2Capabilities Capabilities { get; }

    /// <summary>True when the device is driven through the multi-planar API.</summary>
    public bool IsMultiPlanar => BufferType == V4l2Const.V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;

    internal uint BufferType { get; }

    internal SafeFileHandle Handle => _fd;

    /// <summary>Opens <paramref name="path"/> read-write, non-blocking, close-on-exec, and queries its capabilities.</summary>
    public static V4l2Device Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!Environment.Is64BitProcess)
        {
            // The struct layouts and request codes are LP64 (x86-64, arm64); armhf differs (see Vidioc).
            throw new V4l2Exception(path, "open", "V4L2 capture needs a 64-bit process (x86-64 or arm64); 32-bit layouts are not implemented");
        }

        int raw;
        do
        {
            raw = Libc.open(path, Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        }
        while (raw < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);

        if (raw < 0)
        {
            throw new V4l2Exception(path, "open", Marshal.GetLastPInvokeError());
        }

        SafeFileHandle fd = new(raw, ownsHandle: true);
        try
        {
            v4l2_capability cap = default;
            Ioctl.Call(fd, path, Vidioc.VIDIOC_QUERYCAP, "VIDIOC_QUERYCAP", ref cap);
            uint deviceCaps = (cap.capabilities & V4l2Const.V4L2_CAP_DEVICE_CAPS) != 0 ? cap.device_caps : cap.capabilities;
            V4l2Capabilities capabilities = new(
                CString(cap.driver, 16), CString(cap.card, 32), CString(cap.bus_info, 32), cap.version, cap.capabilities, deviceCaps);
            return new V4l2Device(path, fd, capabilities);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>Throws unless the node can capture video with streaming I/O.</summary>
    public void EnsureStreamingCapture()
    {
        if (!Capabilities.CanStreamCapture)
        {
            throw new V4l2Exception(Path, "VIDIOC_QUERYCAP",
                $"'{Capabilities.Card}' ({Capabilities.Driver}) is not a video capture device with streaming I/O (device caps 0x{Capabilities.DeviceCaps:X8})");
        }
    }

    /// <summary>Starts streaming with <paramref name="bufferCount"/> mmap buffers. One capture at a time.</summary>
    public V4l2Capture StartCapture(int bufferCount)
    {
        ObjectDisposedException.ThrowIf(_fd.IsClosed, this);
        if (_capture is { IsDisposed: false })
        {
            throw new InvalidOperationException($"{Path}: a capture is already running on this device.");
        }

        EnsureStreamingCapture();
        V4l2PixelFormat format = GetFormat();
        _capture = new V4l2Capture(this, format, bufferCount);
        return _capture;
    }

    /// <summary>Stops any running capture (STREAMOFF, munmap, buffers freed) and closes the device.</summary>
    public void Dispose()
    {
        _capture?.Dispose();
        _capture = null;
        _fd.Dispose();
    }

    internal void ThrowIfFailed(int errno, string operation)
    {
        if (errno != 0)
        {
            throw new V4l2Exception(Path, operation, errno);
        }
    }

    internal static string CString(byte* bytes, int capacity)
    {
        ReadOnlySpan<byte> span = new(bytes, capacity);
        int end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }
}
