using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Camstreamd.V4l2.Native;

namespace Camstreamd.V4l2.Tests.Native;

/// <summary>
/// Sizes and offsets against linux/videodev2.h as gcc lays it out on x86-64 (values printed by a C program
/// with sizeof/offsetof over the kernel header). arm64 has the same LP64 layout.
/// </summary>
public sealed class StructLayoutTests
{
    [Theory]
    [InlineData(typeof(v4l2_capability), 104)]
    [InlineData(typeof(v4l2_pix_format), 48)]
    [InlineData(typeof(v4l2_plane_pix_format), 20)]
    [InlineData(typeof(v4l2_pix_format_mplane), 192)]
    [InlineData(typeof(v4l2_format), 208)]
    [InlineData(typeof(v4l2_requestbuffers), 20)]
    [InlineData(typeof(v4l2_timecode), 16)]
    [InlineData(typeof(v4l2_buffer), 88)]
    [InlineData(typeof(v4l2_plane), 64)]
    [InlineData(typeof(v4l2_fmtdesc), 64)]
    [InlineData(typeof(v4l2_frmsizeenum), 44)]
    [InlineData(typeof(v4l2_frmivalenum), 52)]
    [InlineData(typeof(v4l2_captureparm), 40)]
    [InlineData(typeof(v4l2_streamparm), 204)]
    [InlineData(typeof(v4l2_queryctrl), 68)]
    [InlineData(typeof(v4l2_query_ext_ctrl), 232)]
    [InlineData(typeof(v4l2_querymenu), 44)]
    [InlineData(typeof(v4l2_control), 8)]
    [InlineData(typeof(v4l2_bt_timings), 124)]
    [InlineData(typeof(v4l2_dv_timings), 132)]
    [InlineData(typeof(v4l2_enum_dv_timings), 148)]
    [InlineData(typeof(v4l2_event_subscription), 32)]
    [InlineData(typeof(v4l2_event), 136)]
    [InlineData(typeof(v4l2_input), 80)]
    public void SizeOf_MatchesKernelHeader(Type type, int expected)
    {
        Assert.Equal(expected, Marshal.SizeOf(type));
    }

    [Theory]
    [InlineData(typeof(v4l2_capability), nameof(v4l2_capability.card), 16)]
    [InlineData(typeof(v4l2_capability), nameof(v4l2_capability.bus_info), 48)]
    [InlineData(typeof(v4l2_capability), nameof(v4l2_capability.version), 80)]
    [InlineData(typeof(v4l2_capability), nameof(v4l2_capability.capabilities), 84)]
    [InlineData(typeof(v4l2_capability), nameof(v4l2_capability.device_caps), 88)]
    [InlineData(typeof(v4l2_pix_format), nameof(v4l2_pix_format.bytesperline), 16)]
    [InlineData(typeof(v4l2_pix_format), nameof(v4l2_pix_format.sizeimage), 20)]
    [InlineData(typeof(v4l2_pix_format), nameof(v4l2_pix_format.xfer_func), 44)]
    [InlineData(typeof(v4l2_pix_format_mplane), nameof(v4l2_pix_format_mplane.colorspace), 16)]
    [InlineData(typeof(v4l2_pix_format_mplane), nameof(v4l2_pix_format_mplane.plane_fmt), 20)]
    [InlineData(typeof(v4l2_pix_format_mplane), nameof(v4l2_pix_format_mplane.num_planes), 180)]
    [InlineData(typeof(v4l2_pix_format_mplane), nameof(v4l2_pix_format_mplane.xfer_func), 184)]
    [InlineData(typeof(v4l2_pix_format_mplane), nameof(v4l2_pix_format_mplane.reserved), 185)]
    [InlineData(typeof(v4l2_format), nameof(v4l2_format.pix), 8)]
    [InlineData(typeof(v4l2_format), nameof(v4l2_format.pix_mp), 8)]
    [InlineData(typeof(v4l2_requestbuffers), nameof(v4l2_requestbuffers.capabilities), 12)]
    [InlineData(typeof(v4l2_requestbuffers), nameof(v4l2_requestbuffers.flags), 16)]
    [InlineData(typeof(v4l2_buffer), nameof(v4l2_buffer.field), 16)]
    [InlineData(typeof(v4l2_buffer), nameof(v4l2_buffer.timestamp), 24)]
    [InlineData(typeof(v4l2_buffer), nameof(v4l2_buffer.timecode), 40)]
    [InlineData(typeof(v4l2_buffer), nameof(v4l2_buffer.sequence), 56)]
    [InlineData(typeof(v4l2_buffer), nameof(v4l2_buffer.memory), 60)]
    [InlineData(typeof(v4l2_buffer), nameof(v4l2_buffer.m_offset), 64)]
    [InlineData(typeof(v4l2_buffer), nameof(v4l2_buffer.length), 72)]
    [InlineData(typeof(v4l2_buffer), nameof(v4l2_buffer.request_fd), 80)]
    [InlineData(typeof(v4l2_plane), nameof(v4l2_plane.m_mem_offset), 8)]
    [InlineData(typeof(v4l2_plane), nameof(v4l2_plane.data_offset), 16)]
    [InlineData(typeof(v4l2_plane), nameof(v4l2_plane.reserved), 20)]
    [InlineData(typeof(v4l2_fmtdesc), nameof(v4l2_fmtdesc.description), 12)]
    [InlineData(typeof(v4l2_fmtdesc), nameof(v4l2_fmtdesc.pixelformat), 44)]
    [InlineData(typeof(v4l2_fmtdesc), nameof(v4l2_fmtdesc.mbus_code), 48)]
    [InlineData(typeof(v4l2_frmsizeenum), nameof(v4l2_frmsizeenum.u0), 12)]
    [InlineData(typeof(v4l2_frmsizeenum), nameof(v4l2_frmsizeenum.reserved), 36)]
    [InlineData(typeof(v4l2_frmivalenum), nameof(v4l2_frmivalenum.type), 16)]
    [InlineData(typeof(v4l2_frmivalenum), nameof(v4l2_frmivalenum.discrete), 20)]
    [InlineData(typeof(v4l2_frmivalenum), nameof(v4l2_frmivalenum.reserved), 44)]
    [InlineData(typeof(v4l2_streamparm), nameof(v4l2_streamparm.capture), 4)]
    [InlineData(typeof(v4l2_captureparm), nameof(v4l2_captureparm.timeperframe), 8)]
    [InlineData(typeof(v4l2_captureparm), nameof(v4l2_captureparm.readbuffers), 20)]
    [InlineData(typeof(v4l2_queryctrl), nameof(v4l2_queryctrl.minimum), 40)]
    [InlineData(typeof(v4l2_queryctrl), nameof(v4l2_queryctrl.default_value), 52)]
    [InlineData(typeof(v4l2_queryctrl), nameof(v4l2_queryctrl.flags), 56)]
    [InlineData(typeof(v4l2_query_ext_ctrl), nameof(v4l2_query_ext_ctrl.minimum), 40)]
    [InlineData(typeof(v4l2_query_ext_ctrl), nameof(v4l2_query_ext_ctrl.flags), 72)]
    [InlineData(typeof(v4l2_query_ext_ctrl), nameof(v4l2_query_ext_ctrl.dims), 88)]
    [InlineData(typeof(v4l2_query_ext_ctrl), nameof(v4l2_query_ext_ctrl.reserved), 104)]
    [InlineData(typeof(v4l2_querymenu), nameof(v4l2_querymenu.name), 8)]
    [InlineData(typeof(v4l2_querymenu), nameof(v4l2_querymenu.value), 8)]
    [InlineData(typeof(v4l2_querymenu), nameof(v4l2_querymenu.reserved), 40)]
    [InlineData(typeof(v4l2_control), nameof(v4l2_control.value), 4)]
    [InlineData(typeof(v4l2_bt_timings), nameof(v4l2_bt_timings.pixelclock), 16)]
    [InlineData(typeof(v4l2_bt_timings), nameof(v4l2_bt_timings.hfrontporch), 24)]
    [InlineData(typeof(v4l2_bt_timings), nameof(v4l2_bt_timings.standards), 60)]
    [InlineData(typeof(v4l2_bt_timings), nameof(v4l2_bt_timings.picture_aspect), 68)]
    [InlineData(typeof(v4l2_bt_timings), nameof(v4l2_bt_timings.cea861_vic), 76)]
    [InlineData(typeof(v4l2_bt_timings), nameof(v4l2_bt_timings.reserved), 78)]
    [InlineData(typeof(v4l2_dv_timings), nameof(v4l2_dv_timings.bt), 4)]
    [InlineData(typeof(v4l2_enum_dv_timings), nameof(v4l2_enum_dv_timings.timings), 16)]
    [InlineData(typeof(v4l2_event_subscription), nameof(v4l2_event_subscription.flags), 8)]
    [InlineData(typeof(v4l2_event_subscription), nameof(v4l2_event_subscription.reserved), 12)]
    [InlineData(typeof(v4l2_event), nameof(v4l2_event.u_src_change_changes), 8)]
    [InlineData(typeof(v4l2_event), nameof(v4l2_event.pending), 72)]
    [InlineData(typeof(v4l2_event), nameof(v4l2_event.sequence), 76)]
    [InlineData(typeof(v4l2_event), nameof(v4l2_event.timestamp_tv_sec), 80)]
    [InlineData(typeof(v4l2_event), nameof(v4l2_event.id), 96)]
    [InlineData(typeof(v4l2_event), nameof(v4l2_event.reserved), 100)]
    [InlineData(typeof(v4l2_input), nameof(v4l2_input.type), 36)]
    [InlineData(typeof(v4l2_input), nameof(v4l2_input.std), 48)]
    [InlineData(typeof(v4l2_input), nameof(v4l2_input.status), 56)]
    [InlineData(typeof(v4l2_input), nameof(v4l2_input.capabilities), 60)]
    public void FieldOffset_MatchesKernelHeader(Type type, string field, int expected)
    {
        Assert.Equal(expected, (int)Marshal.OffsetOf(type, field));
    }

    [Fact]
    public void BlittableSizes_MatchMarshalSizes()
    {
        // The structs are passed by pointer, so the managed (unsafe) size is what the kernel sees.
        Assert.Equal(208, Unsafe.SizeOf<v4l2_format>());
        Assert.Equal(88, Unsafe.SizeOf<v4l2_buffer>());
        Assert.Equal(64, Unsafe.SizeOf<v4l2_plane>());
        Assert.Equal(136, Unsafe.SizeOf<v4l2_event>());
        Assert.Equal(132, Unsafe.SizeOf<v4l2_dv_timings>());
        Assert.Equal(44, Unsafe.SizeOf<v4l2_querymenu>());
    }
}
