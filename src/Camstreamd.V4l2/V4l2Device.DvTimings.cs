using Camstreamd.Interop;
using Camstreamd.V4l2.Interop;
using Camstreamd.V4l2.Native;

namespace Camstreamd.V4l2;

/// <summary>Inputs, DV timings and source-change events, for HDMI bridges.</summary>
public sealed unsafe partial class V4l2Device
{
    public IReadOnlyList<V4l2Input> EnumerateInputs()
    {
        List<V4l2Input> inputs = new();
        for (uint index = 0; ; index++)
        {
            v4l2_input input = new() { index = index };
            int errno = Ioctl.TryCall(Handle, Vidioc.VIDIOC_ENUMINPUT, ref input);
            if (errno is Errno.EINVAL or Errno.ENOTTY)
            {
                return inputs;
            }

            ThrowIfFailed(errno, "VIDIOC_ENUMINPUT");
            inputs.Add(new V4l2Input((int)index, CString(input.name, 32), input.type, input.status, input.capabilities));
        }
    }

    /// <summary>The selected input's index, or -1 when the device has no inputs to choose from.</summary>
    public int GetInput()
    {
        int index = 0;
        int errno = Ioctl.TryCall(Handle, Vidioc.VIDIOC_G_INPUT, ref index);
        if (errno == Errno.ENOTTY)
        {
            return -1;
        }

        ThrowIfFailed(errno, "VIDIOC_G_INPUT");
        return index;
    }

    public void SetInput(int index)
    {
        Ioctl.Call(Handle, Path, Vidioc.VIDIOC_S_INPUT, "VIDIOC_S_INPUT", ref index);
    }

    /// <summary>Asks the receiver what it detects (VIDIOC_QUERY_DV_TIMINGS). No signal is a status, not an error.</summary>
    public V4l2DvTimingsStatus QueryDvTimings(out V4l2DvTimings? timings)
    {
        v4l2_dv_timings native = default(v4l2_dv_timings);
        int errno = Ioctl.TryCall(Handle, Vidioc.VIDIOC_QUERY_DV_TIMINGS, ref native);
        timings = errno == 0 ? new V4l2DvTimings(native) : null;
        return errno switch
        {
            0 => V4l2DvTimingsStatus.Locked,
            Errno.ENOLINK => V4l2DvTimingsStatus.NoLink,
            Errno.ENOLCK => V4l2DvTimingsStatus.NoLock,
            Errno.ERANGE => V4l2DvTimingsStatus.OutOfRange,
            Errno.ENOTTY or Errno.ENODATA => V4l2DvTimingsStatus.NotSupported,
            _ => throw new V4l2Exception(Path, "VIDIOC_QUERY_DV_TIMINGS", errno),
        };
    }

    public V4l2DvTimings GetDvTimings()
    {
        v4l2_dv_timings native = default(v4l2_dv_timings);
        Ioctl.Call(Handle, Path, Vidioc.VIDIOC_G_DV_TIMINGS, "VIDIOC_G_DV_TIMINGS", ref native);
        return new V4l2DvTimings(native);
    }

    /// <summary>Applies timings (usually what <see cref="QueryDvTimings"/> detected). Not allowed while streaming (EBUSY).</summary>
    public void SetDvTimings(V4l2DvTimings timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        v4l2_dv_timings native = timings.Native;
        Ioctl.Call(Handle, Path, Vidioc.VIDIOC_S_DV_TIMINGS, "VIDIOC_S_DV_TIMINGS", ref native);
    }

    /// <summary>The standard timings the receiver supports (VIDIOC_ENUM_DV_TIMINGS).</summary>
    public IReadOnlyList<V4l2DvTimings> EnumerateDvTimings()
    {
        List<V4l2DvTimings> list = new();
        for (uint index = 0; ; index++)
        {
            v4l2_enum_dv_timings entry = new() { index = index };
            int errno = Ioctl.TryCall(Handle, Vidioc.VIDIOC_ENUM_DV_TIMINGS, ref entry);
            if (errno is Errno.EINVAL or Errno.ENOTTY or Errno.ENODATA)
            {
                return list;
            }

            ThrowIfFailed(errno, "VIDIOC_ENUM_DV_TIMINGS");
            list.Add(new V4l2DvTimings(entry.timings));
        }
    }

    /// <summary>
    /// Subscribes to V4L2_EVENT_SOURCE_CHANGE for the current input, so a capture reports
    /// <see cref="V4l2WaitResult.SourceChanged"/>. Returns false when the driver has no such event.
    /// </summary>
    public bool TrySubscribeSourceChange()
    {
        int input = Math.Max(GetInput(), 0);
        v4l2_event_subscription subscription = new() { type = V4l2Const.V4L2_EVENT_SOURCE_CHANGE, id = (uint)input };
        int errno = Ioctl.TryCall(Handle, Vidioc.VIDIOC_SUBSCRIBE_EVENT, ref subscription);
        if (errno is Errno.EINVAL or Errno.ENOTTY)
        {
            return false;
        }

        ThrowIfFailed(errno, "VIDIOC_SUBSCRIBE_EVENT");
        return true;
    }

    /// <summary>
    /// Dequeues every pending event (never blocks: the device is non-blocking) and says whether one of
    /// them was a source change.
    /// </summary>
    public bool DrainEvents()
    {
        bool sourceChanged = false;
        while (true)
        {
            v4l2_event ev = default(v4l2_event);
            int errno = Ioctl.TryCall(Handle, Vidioc.VIDIOC_DQEVENT, ref ev);
            if (errno is Errno.ENOENT or Errno.EAGAIN or Errno.ENOTTY)
            {
                return sourceChanged;
            }

            ThrowIfFailed(errno, "VIDIOC_DQEVENT");
            sourceChanged |= ev.type == V4l2Const.V4L2_EVENT_SOURCE_CHANGE;
            if (ev.pending == 0)
            {
                return sourceChanged;
            }
        }
    }
}
