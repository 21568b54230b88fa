using System.Diagnostics;
using System.Runtime.InteropServices;
using Camstreamd.Interop;

namespace Camstreamd.V4l2;

/// <summary>
/// Waits for a capture device to have a filled buffer or an event, bounded by a deadline: the wait before every
/// DQBUF, so a hung camera is a timeout, not a blocked thread. Retries on EINTR with the time left.
/// </summary>
internal static class DevicePoll
{
    /// <summary>poll(2)'s revents for POLLIN | POLLPRI on the device, or 0 when <paramref name="deadline"/> (a <see cref="Stopwatch"/> timestamp) passed.</summary>
    public static short Wait(V4l2Device device, long deadline)
    {
        bool added = false;
        try
        {
            device.Handle.DangerousAddRef(ref added);
            PollFd pollFd = new() { fd = (int)device.Handle.DangerousGetHandle(), events = Libc.POLLIN | Libc.POLLPRI };
            while (true)
            {
                long remainingTicks = deadline - Stopwatch.GetTimestamp();
                int remainingMs = remainingTicks <= 0 ? 0 : (int)Math.Min(int.MaxValue, ((remainingTicks * 1000) + Stopwatch.Frequency - 1) / Stopwatch.Frequency);
                pollFd.revents = 0;
                int ready = Libc.poll(ref pollFd, 1, remainingMs);
                if (ready > 0)
                {
                    if ((pollFd.revents & Libc.POLLNVAL) != 0)
                    {
                        throw new V4l2Exception(device.Path, "poll", "the file descriptor is not open (POLLNVAL)");
                    }

                    return pollFd.revents;
                }

                if (ready == 0)
                {
                    return 0;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.EINTR)
                {
                    throw new V4l2Exception(device.Path, "poll", errno);
                }
            }
        }
        finally
        {
            if (added)
            {
                device.Handle.DangerousRelease();
            }
        }
    }
}
