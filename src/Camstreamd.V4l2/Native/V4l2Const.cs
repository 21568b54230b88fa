namespace Camstreamd.V4l2.Native;

/// <summary>Enum and flag values from linux/videodev2.h that the capture code uses.</summary>
internal static class V4l2Const
{
    // enum v4l2_buf_type
    internal const uint V4L2_BUF_TYPE_VIDEO_CAPTURE = 1;
    internal const uint V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE = 9;

    // enum v4l2_memory
    internal const uint V4L2_MEMORY_MMAP = 1;

    // enum v4l2_field
    internal const uint V4L2_FIELD_ANY = 0;

    // v4l2_capability.capabilities / device_caps
    internal const uint V4L2_CAP_VIDEO_CAPTURE = 0x00000001;
    internal const uint V4L2_CAP_VIDEO_CAPTURE_MPLANE = 0x00001000;
    internal const uint V4L2_CAP_STREAMING = 0x04000000;
    internal const uint V4L2_CAP_DEVICE_CAPS = 0x80000000;

    // v4l2_captureparm.capability
    internal const uint V4L2_CAP_TIMEPERFRAME = 0x1000;

    // v4l2_buffer.flags
    internal const uint V4L2_BUF_FLAG_ERROR = 0x40;

    // enum v4l2_frmsizetypes / v4l2_frmivaltypes
    internal const uint V4L2_FRMSIZE_TYPE_DISCRETE = 1;
    internal const uint V4L2_FRMSIZE_TYPE_CONTINUOUS = 2;
    internal const uint V4L2_FRMSIZE_TYPE_STEPWISE = 3;

    // Controls.
    internal const uint V4L2_CTRL_FLAG_NEXT_CTRL = 0x80000000;
    internal const uint V4L2_CTRL_FLAG_DISABLED = 0x0001;
    internal const uint V4L2_CTRL_FLAG_READ_ONLY = 0x0004;
    internal const uint V4L2_CTRL_FLAG_INACTIVE = 0x0010;
    internal const uint V4L2_CTRL_FLAG_WRITE_ONLY = 0x0040;
    internal const uint V4L2_CTRL_TYPE_CTRL_CLASS = 6;

    // Events.
    internal const uint V4L2_EVENT_SOURCE_CHANGE = 5;
    internal const uint V4L2_EVENT_SRC_CH_RESOLUTION = 0x1;

    // v4l2_input
    internal const uint V4L2_IN_ST_NO_POWER = 0x1;
    internal const uint V4L2_IN_ST_NO_SIGNAL = 0x2;
    internal const uint V4L2_IN_CAP_DV_TIMINGS = 0x2;

    // v4l2_dv_timings.type
    internal const uint V4L2_DV_BT_656_1120 = 0;
}
