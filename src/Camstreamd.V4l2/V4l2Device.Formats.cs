using Camstreamd.Interop;
using Camstreamd.V4l2.Interop;
using Camstreamd.V4l2.Native;

namespace Camstreamd.V4l2;

/// <summary>
/// Formats, frame sizes, frame intervals and the frame rate: what the device offers and what it agrees to,
/// negotiated before <see cref="StartCapture"/> (VIDIOC_ENUM_FMT/FRAMESIZES/FRAMEINTERVALS, G/S_FMT, G/S_PARM).
/// </summary>
public sealed unsafe partial class V4l2Device
{
    public IReadOnlyList<V4l2FormatDescription> EnumerateFormats()
    {
        List<V4l2FormatDescription> formats = new();
        for (uint index = 0; ; index++)
        {
            v4l2_fmtdesc desc = new() { index = index, type = BufferType };
            int errno = Ioctl.TryCall(_fd, Vidioc.VIDIOC_ENUM_FMT, ref desc);
            if (errno == Errno.EINVAL)
            {
                return formats;
            }

            ThrowIfFailed(errno, "VIDIOC_ENUM_FMT");

            // V4L2_FMT_FLAG_COMPRESSED 0x1, V4L2_FMT_FLAG_EMULATED 0x2.
            formats.Add(new V4l2FormatDescription(desc.pixelformat, CString(desc.description, 32), (desc.flags & 1) != 0, (desc.flags & 2) != 0));
        }
    }

    public IReadOnlyList<V4l2FrameSize> EnumerateFrameSizes(uint pixelFormat)
    {
        List<V4l2FrameSize> sizes = new();
        for (uint index = 0; ; index++)
        {
            v4l2_frmsizeenum size = new() { index = index, pixel_format = pixelFormat };
            int errno = Ioctl.TryCall(_fd, Vidioc.VIDIOC_ENUM_FRAMESIZES, ref size);
            if (errno is Errno.EINVAL or Errno.ENOTTY)
            {
                return sizes;
            }

            ThrowIfFailed(errno, "VIDIOC_ENUM_FRAMESIZES");
            if (size.type == V4l2Const.V4L2_FRMSIZE_TYPE_DISCRETE)
            {
                sizes.Add(new V4l2FrameSize((int)size.u0, (int)size.u0, 0, (int)size.u1, (int)size.u1, 0));
            }
            else
            {
                // Stepwise and continuous come as one entry, index 0 only.
                sizes.Add(new V4l2FrameSize((int)size.u0, (int)size.u1, (int)size.u2, (int)size.u3, (int)size.u4, (int)size.u5));
                return sizes;
            }
        }
    }

    public IReadOnlyList<V4l2FrameInterval> EnumerateFrameIntervals(uint pixelFormat, int width, int height)
    {
        List<V4l2FrameInterval> intervals = new();
        for (uint index = 0; ; index++)
        {
            v4l2_frmivalenum interval = new() { index = index, pixel_format = pixelFormat, width = (uint)width, height = (uint)height };
            int errno = Ioctl.TryCall(_fd, Vidioc.VIDIOC_ENUM_FRAMEINTERVALS, ref interval);
            if (errno is Errno.EINVAL or Errno.ENOTTY)
            {
                return intervals;
            }

            ThrowIfFailed(errno, "VIDIOC_ENUM_FRAMEINTERVALS");
            if (interval.type == V4l2Const.V4L2_FRMSIZE_TYPE_DISCRETE)
            {
                intervals.Add(new V4l2FrameInterval(
                    interval.discrete.numerator, interval.discrete.denominator, interval.discrete.numerator, interval.discrete.denominator));
            }
            else
            {
                intervals.Add(new V4l2FrameInterval(
                    interval.discrete.numerator, interval.discrete.denominator, interval.stepwise_max.numerator, interval.stepwise_max.denominator));
                return intervals;
            }
        }
    }

    public V4l2PixelFormat GetFormat()
    {
        v4l2_format format = new() { type = BufferType };
        Ioctl.Call(_fd, Path, Vidioc.VIDIOC_G_FMT, "VIDIOC_G_FMT", ref format);
        return ToPixelFormat(format);
    }

    /// <summary>
    /// Asks for a format and size with VIDIOC_S_FMT and returns what the driver chose, which may differ:
    /// drivers round to a size they support and may substitute the pixel format.
    /// </summary>
    public V4l2PixelFormat SetFormat(uint pixelFormat, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        v4l2_format format = new() { type = BufferType };
        if (IsMultiPlanar)
        {
            format.pix_mp.width = (uint)width;
            format.pix_mp.height = (uint)height;
            format.pix_mp.pixelformat = pixelFormat;
            format.pix_mp.field = V4l2Const.V4L2_FIELD_ANY;
        }
        else
        {
            format.pix.width = (uint)width;
            format.pix.height = (uint)height;
            format.pix.pixelformat = pixelFormat;
            format.pix.field = V4l2Const.V4L2_FIELD_ANY;
        }

        Ioctl.Call(_fd, Path, Vidioc.VIDIOC_S_FMT, "VIDIOC_S_FMT", ref format);
        return ToPixelFormat(format);
    }

    /// <summary>The current frame rate from VIDIOC_G_PARM, or null when the driver does not report one.</summary>
    public double? GetFrameRate()
    {
        v4l2_streamparm parm = new() { type = BufferType };
        int errno = Ioctl.TryCall(_fd, Vidioc.VIDIOC_G_PARM, ref parm);
        if (errno is Errno.EINVAL or Errno.ENOTTY || parm.capture.timeperframe.numerator == 0)
        {
            return null;
        }

        ThrowIfFailed(errno, "VIDIOC_G_PARM");
        return (double)parm.capture.timeperframe.denominator / parm.capture.timeperframe.numerator;
    }

    /// <summary>
    /// Asks for <paramref name="framesPerSecond"/> with VIDIOC_S_PARM and returns the rate the driver chose,
    /// or null when the device cannot set its rate (no V4L2_CAP_TIMEPERFRAME, or no S_PARM at all).
    /// </summary>
    public double? TrySetFrameRate(double framesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(framesPerSecond);
        v4l2_streamparm parm = new() { type = BufferType };
        int errno = Ioctl.TryCall(_fd, Vidioc.VIDIOC_G_PARM, ref parm);
        if (errno is Errno.EINVAL or Errno.ENOTTY || (parm.capture.capability & V4l2Const.V4L2_CAP_TIMEPERFRAME) == 0)
        {
            return null;
        }

        ThrowIfFailed(errno, "VIDIOC_G_PARM");

        // A fraction with a 1000 numerator keeps rates like 29.97 exact enough; drivers pick their nearest.
        parm.capture.timeperframe.numerator = 1000;
        parm.capture.timeperframe.denominator = (uint)Math.Round(framesPerSecond * 1000);
        Ioctl.Call(_fd, Path, Vidioc.VIDIOC_S_PARM, "VIDIOC_S_PARM", ref parm);
        v4l2_fract chosen = parm.capture.timeperframe;
        return chosen.numerator == 0 ? null : (double)chosen.denominator / chosen.numerator;
    }

    private V4l2PixelFormat ToPixelFormat(in v4l2_format format)
    {
        if (!IsMultiPlanar)
        {
            return new V4l2PixelFormat(
                format.pix.pixelformat, (int)format.pix.width, (int)format.pix.height, false,
                [(int)format.pix.bytesperline], [(int)format.pix.sizeimage]);
        }

        int planes = Math.Clamp((int)format.pix_mp.num_planes, 1, v4l2_pix_format_mplane.VIDEO_MAX_PLANES);
        int[] pitches = new int[planes];
        int[] sizes = new int[planes];
        for (int i = 0; i < planes; i++)
        {
            v4l2_plane_pix_format plane = format.pix_mp.GetPlane(i);
            pitches[i] = (int)plane.bytesperline;
            sizes[i] = (int)plane.sizeimage;
        }

        return new V4l2PixelFormat(format.pix_mp.pixelformat, (int)format.pix_mp.width, (int)format.pix_mp.height, true, pitches, sizes);
    }
}
