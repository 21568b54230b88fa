namespace Camstreamd.V4l2.Native;

/// <summary>
/// V4L2 request codes, built like the kernel's _IOC macros (asm-generic/ioctl.h):
/// direction in bits 30-31 (1 write, 2 read, 3 both), argument size in bits 16-29, type 'V' in bits 8-15, number in 0-7.
/// The sizes are the LP64 (x86-64, arm64) struct sizes. On 32-bit arm, v4l2_format (204), v4l2_buffer
/// (68 or 80 with 64-bit time_t) and v4l2_event (120 or 136) differ, so these codes would differ too; 32-bit is not supported.
/// </summary>
internal static class Vidioc
{
    private const uint Write = 1u << 30;
    private const uint Read = 2u << 30;
    private const uint ReadWrite = 3u << 30;
    private const uint Type = (uint)'V' << 8;

    /// <summary>_IOR('V', 0, struct v4l2_capability)</summary>
    internal const uint VIDIOC_QUERYCAP = Read | (104u << 16) | Type | 0;

    /// <summary>_IOWR('V', 2, struct v4l2_fmtdesc)</summary>
    internal const uint VIDIOC_ENUM_FMT = ReadWrite | (64u << 16) | Type | 2;

    /// <summary>_IOWR('V', 4, struct v4l2_format)</summary>
    internal const uint VIDIOC_G_FMT = ReadWrite | (208u << 16) | Type | 4;

    /// <summary>_IOWR('V', 5, struct v4l2_format)</summary>
    internal const uint VIDIOC_S_FMT = ReadWrite | (208u << 16) | Type | 5;

    /// <summary>_IOWR('V', 8, struct v4l2_requestbuffers)</summary>
    internal const uint VIDIOC_REQBUFS = ReadWrite | (20u << 16) | Type | 8;

    /// <summary>_IOWR('V', 9, struct v4l2_buffer)</summary>
    internal const uint VIDIOC_QUERYBUF = ReadWrite | (88u << 16) | Type | 9;

    /// <summary>_IOWR('V', 15, struct v4l2_buffer)</summary>
    internal const uint VIDIOC_QBUF = ReadWrite | (88u << 16) | Type | 15;

    /// <summary>_IOWR('V', 17, struct v4l2_buffer)</summary>
    internal const uint VIDIOC_DQBUF = ReadWrite | (88u << 16) | Type | 17;

    /// <summary>_IOW('V', 18, int)</summary>
    internal const uint VIDIOC_STREAMON = Write | (4u << 16) | Type | 18;

    /// <summary>_IOW('V', 19, int)</summary>
    internal const uint VIDIOC_STREAMOFF = Write | (4u << 16) | Type | 19;

    /// <summary>_IOWR('V', 21, struct v4l2_streamparm)</summary>
    internal const uint VIDIOC_G_PARM = ReadWrite | (204u << 16) | Type | 21;

    /// <summary>_IOWR('V', 22, struct v4l2_streamparm)</summary>
    internal const uint VIDIOC_S_PARM = ReadWrite | (204u << 16) | Type | 22;

    /// <summary>_IOWR('V', 26, struct v4l2_input)</summary>
    internal const uint VIDIOC_ENUMINPUT = ReadWrite | (80u << 16) | Type | 26;

    /// <summary>_IOWR('V', 27, struct v4l2_control)</summary>
    internal const uint VIDIOC_G_CTRL = ReadWrite | (8u << 16) | Type | 27;

    /// <summary>_IOWR('V', 28, struct v4l2_control)</summary>
    internal const uint VIDIOC_S_CTRL = ReadWrite | (8u << 16) | Type | 28;

    /// <summary>_IOWR('V', 36, struct v4l2_queryctrl)</summary>
    internal const uint VIDIOC_QUERYCTRL = ReadWrite | (68u << 16) | Type | 36;

    /// <summary>_IOWR('V', 37, struct v4l2_querymenu)</summary>
    internal const uint VIDIOC_QUERYMENU = ReadWrite | (44u << 16) | Type | 37;

    /// <summary>_IOR('V', 38, int)</summary>
    internal const uint VIDIOC_G_INPUT = Read | (4u << 16) | Type | 38;

    /// <summary>_IOWR('V', 39, int)</summary>
    internal const uint VIDIOC_S_INPUT = ReadWrite | (4u << 16) | Type | 39;

    /// <summary>_IOWR('V', 74, struct v4l2_frmsizeenum)</summary>
    internal const uint VIDIOC_ENUM_FRAMESIZES = ReadWrite | (44u << 16) | Type | 74;

    /// <summary>_IOWR('V', 75, struct v4l2_frmivalenum)</summary>
    internal const uint VIDIOC_ENUM_FRAMEINTERVALS = ReadWrite | (52u << 16) | Type | 75;

    /// <summary>_IOWR('V', 87, struct v4l2_dv_timings)</summary>
    internal const uint VIDIOC_S_DV_TIMINGS = ReadWrite | (132u << 16) | Type | 87;

    /// <summary>_IOWR('V', 88, struct v4l2_dv_timings)</summary>
    internal const uint VIDIOC_G_DV_TIMINGS = ReadWrite | (132u << 16) | Type | 88;

    /// <summary>_IOR('V', 89, struct v4l2_event)</summary>
    internal const uint VIDIOC_DQEVENT = Read | (136u << 16) | Type | 89;

    /// <summary>_IOW('V', 90, struct v4l2_event_subscription)</summary>
    internal const uint VIDIOC_SUBSCRIBE_EVENT = Write | (32u << 16) | Type | 90;

    /// <summary>_IOW('V', 91, struct v4l2_event_subscription)</summary>
    internal const uint VIDIOC_UNSUBSCRIBE_EVENT = Write | (32u << 16) | Type | 91;

    /// <summary>_IOWR('V', 98, struct v4l2_enum_dv_timings)</summary>
    internal const uint VIDIOC_ENUM_DV_TIMINGS = ReadWrite | (148u << 16) | Type | 98;

    /// <summary>_IOR('V', 99, struct v4l2_dv_timings)</summary>
    internal const uint VIDIOC_QUERY_DV_TIMINGS = Read | (132u << 16) | Type | 99;

    /// <summary>_IOWR('V', 103, struct v4l2_query_ext_ctrl)</summary>
    internal const uint VIDIOC_QUERY_EXT_CTRL = ReadWrite | (232u << 16) | Type | 103;
}
