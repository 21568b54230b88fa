using System.Diagnostics;
using Camstreamd.Interop;
using Camstreamd.V4l2.Interop;
using Camstreamd.V4l2.Native;

namespace Camstreamd.V4l2;

/// <summary>
/// Streaming capture with mmap buffers: REQBUFS, mmap (<see cref="MappedBuffers"/>), QBUF all, STREAMON on
/// start; poll with a timeout before every DQBUF (<see cref="DevicePoll"/>); when several buffers are ready the newest is returned and the older ones go
/// straight back to the driver. Dispose does STREAMOFF, munmap and frees the buffers, also after errors.
/// Allocation-free per frame. One thread uses it.
/// </summary>
public sealed unsafe class V4l2Capture : IDisposable
{
    private const int MaxPlanes = 3;

    private readonly V4l2Device _device;
    private readonly int _planeCount;
    private readonly int _bufferCount;
    private readonly MappedBuffers? _buffers;
    private bool _streaming;
    private int _held = -1;

    internal V4l2Capture(V4l2Device device, V4l2PixelFormat format, int bufferCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferCount, 2);
        _device = device;
        Format = format;
        _planeCount = format.IsMultiPlanar ? format.PlaneCount : 1;
        if (_planeCount > MaxPlanes)
        {
            throw new V4l2Exception(device.Path, "VIDIOC_G_FMT", $"{format} has {_planeCount} planes; at most {MaxPlanes} are supported");
        }

        try
        {
            v4l2_requestbuffers request = new() { count = (uint)bufferCount, type = device.BufferType, memory = V4l2Const.V4L2_MEMORY_MMAP };
            Ioctl.Call(device.Handle, device.Path, Vidioc.VIDIOC_REQBUFS, "VIDIOC_REQBUFS", ref request);
            if (request.count < 2)
            {
                throw new V4l2Exception(device.Path, "VIDIOC_REQBUFS", $"the driver granted {request.count} buffer(s); at least 2 are needed");
            }

            _bufferCount = (int)request.count;
            _buffers = new MappedBuffers(device, _bufferCount, _planeCount);
            for (int index = 0; index < _bufferCount; index++)
            {
                _buffers.Map(index);
            }

            for (int index = 0; index < _bufferCount; index++)
            {
                Queue(index);
            }

            uint type = device.BufferType;
            Ioctl.Call(device.Handle, device.Path, Vidioc.VIDIOC_STREAMON, "VIDIOC_STREAMON", ref type);
            _streaming = true;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The negotiated format the buffers hold.</summary>
    public V4l2PixelFormat Format { get; }

    /// <summary>How many buffers the driver granted (it may give more than asked).</summary>
    public int BufferCount => _bufferCount;

    /// <summary>Buffers that were ready but handed back unseen because a newer one was ready too.</summary>
    public long SkippedForNewer { get; private set; }

    internal bool IsDisposed { get; private set; }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for a filled buffer. On <see cref="V4l2WaitResult.Frame"/> the
    /// caller holds <paramref name="frame"/> and must call <see cref="Requeue"/> before the next dequeue.
    /// Throws <see cref="V4l2Exception"/> when the device fails (see <see cref="V4l2Exception.IsDeviceLost"/>).
    /// </summary>
    public V4l2WaitResult TryDequeue(TimeSpan timeout, out V4l2Frame frame)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (_held >= 0)
        {
            throw new InvalidOperationException($"{_device.Path}: buffer {_held} is still held; call Requeue first.");
        }

        frame = default;
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        v4l2_plane* planes = stackalloc v4l2_plane[v4l2_pix_format_mplane.VIDEO_MAX_PLANES];
        v4l2_plane* spare = stackalloc v4l2_plane[v4l2_pix_format_mplane.VIDEO_MAX_PLANES];
        while (true)
        {
            short revents = DevicePoll.Wait(_device, deadline);
            if (revents == 0)
            {
                return V4l2WaitResult.Timeout;
            }

            if ((revents & Libc.POLLPRI) != 0 && _device.DrainEvents())
            {
                return V4l2WaitResult.SourceChanged;
            }

            if ((revents & (Libc.POLLIN | Libc.POLLERR | Libc.POLLHUP)) == 0)
            {
                continue;
            }

            v4l2_buffer buffer = new();
            int errno = TryDequeueBuffer(ref buffer, planes);
            if (errno == Errno.EAGAIN)
            {
                if ((revents & (Libc.POLLERR | Libc.POLLHUP)) != 0)
                {
                    // vb2 reports POLLERR when streaming broke (a disconnect, a fatal driver error) and
                    // DQBUF then has nothing: without this the loop would spin until the deadline.
                    throw new V4l2Exception(_device.Path, "poll", Errno.EIO);
                }

                continue;
            }

            _device.ThrowIfFailed(errno, "VIDIOC_DQBUF");

            // Newest wins: take whatever else is ready and give the older buffer back unseen. The newer
            // buffer's planes go into the spare array so a failed try cannot wipe the current ones.
            v4l2_buffer newer = new();
            while (TryDequeueBuffer(ref newer, spare) == 0)
            {
                Queue((int)buffer.index);
                SkippedForNewer++;
                buffer = newer;
                newer = default;
                v4l2_plane* swap = planes;
                planes = spare;
                spare = swap;
            }

            _held = (int)buffer.index;
            frame = ToFrame(buffer, planes);
            return V4l2WaitResult.Frame;
        }
    }

    /// <summary>Gives the held buffer back to the driver. Call as soon as its bytes are copied.</summary>
    public void Requeue()
    {
        if (_held < 0)
        {
            return;
        }

        int index = _held;
        _held = -1;
        Queue(index);
    }

    /// <summary>STREAMOFF, munmap every buffer, REQBUFS 0. Errors are ignored: the device may be gone.</summary>
    public void Dispose()
    {
        if (IsDisposed)
        {
            return;
        }

        IsDisposed = true;
        _held = -1;
        if (_streaming)
        {
            uint type = _device.BufferType;
            Ioctl.TryCall(_device.Handle, Vidioc.VIDIOC_STREAMOFF, ref type);
            _streaming = false;
        }

        _buffers?.Dispose();

        // Frees the driver's buffers now (they would also go with the file handle).
        v4l2_requestbuffers request = new() { count = 0, type = _device.BufferType, memory = V4l2Const.V4L2_MEMORY_MMAP };
        Ioctl.TryCall(_device.Handle, Vidioc.VIDIOC_REQBUFS, ref request);
    }

    private int TryDequeueBuffer(ref v4l2_buffer buffer, v4l2_plane* planes)
    {
        buffer.type = _device.BufferType;
        buffer.memory = V4l2Const.V4L2_MEMORY_MMAP;
        if (_device.IsMultiPlanar)
        {
            new Span<v4l2_plane>(planes, v4l2_pix_format_mplane.VIDEO_MAX_PLANES).Clear();
            buffer.m_planes = planes;
            buffer.length = v4l2_pix_format_mplane.VIDEO_MAX_PLANES;
        }

        return Ioctl.TryCall(_device.Handle, Vidioc.VIDIOC_DQBUF, ref buffer);
    }

    private V4l2Frame ToFrame(v4l2_buffer buffer, v4l2_plane* planes)
    {
        int index = (int)buffer.index;
        MappedBuffers buffers = _buffers!;
        Span<int> offsets = stackalloc int[MaxPlanes];
        Span<int> used = stackalloc int[MaxPlanes];
        for (int p = 0; p < _planeCount; p++)
        {
            int length = buffers.Length(index, p);
            if (_device.IsMultiPlanar)
            {
                offsets[p] = (int)Math.Min(planes[p].data_offset, (uint)length);
                used[p] = (int)Math.Min(planes[p].bytesused, (uint)length) - offsets[p];
            }
            else
            {
                // bytesused, never the buffer length; clamped so a driver bug cannot make us read past the mapping.
                used[p] = (int)Math.Min(buffer.bytesused, (uint)length);
            }
        }

        long timestamp = (buffer.timestamp.tv_sec * 1_000_000) + buffer.timestamp.tv_usec;
        return new V4l2Frame(
            index, buffer.sequence, timestamp, (buffer.flags & V4l2Const.V4L2_BUF_FLAG_ERROR) != 0, _planeCount,
            buffers.Plane(index, 0, offsets[0], used[0]),
            _planeCount > 1 ? buffers.Plane(index, 1, offsets[1], used[1]) : default,
            _planeCount > 2 ? buffers.Plane(index, 2, offsets[2], used[2]) : default);
    }

    private void Queue(int index)
    {
        v4l2_plane* planes = stackalloc v4l2_plane[v4l2_pix_format_mplane.VIDEO_MAX_PLANES];
        v4l2_buffer buffer = new() { index = (uint)index, type = _device.BufferType, memory = V4l2Const.V4L2_MEMORY_MMAP };
        if (_device.IsMultiPlanar)
        {
            buffer.m_planes = planes;
            buffer.length = (uint)_planeCount;
        }

        Ioctl.Call(_device.Handle, _device.Path, Vidioc.VIDIOC_QBUF, "VIDIOC_QBUF", ref buffer);
    }
}
