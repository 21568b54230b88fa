using Camstreamd.V4l2.Native;

namespace Camstreamd.V4l2.Tests.Native;

/// <summary>Request codes against the values the kernel header's macros give on x86-64 (printed by gcc).</summary>
public sealed class VidiocTests
{
    [Theory]
    [InlineData(Vidioc.VIDIOC_QUERYCAP, 0x80685600u)]
    [InlineData(Vidioc.VIDIOC_ENUM_FMT, 0xC0405602u)]
    [InlineData(Vidioc.VIDIOC_G_FMT, 0xC0D05604u)]
    [InlineData(Vidioc.VIDIOC_S_FMT, 0xC0D05605u)]
    [InlineData(Vidioc.VIDIOC_REQBUFS, 0xC0145608u)]
    [InlineData(Vidioc.VIDIOC_QUERYBUF, 0xC0585609u)]
    [InlineData(Vidioc.VIDIOC_QBUF, 0xC058560Fu)]
    [InlineData(Vidioc.VIDIOC_DQBUF, 0xC0585611u)]
    [InlineData(Vidioc.VIDIOC_STREAMON, 0x40045612u)]
    [InlineData(Vidioc.VIDIOC_STREAMOFF, 0x40045613u)]
    [InlineData(Vidioc.VIDIOC_G_PARM, 0xC0CC5615u)]
    [InlineData(Vidioc.VIDIOC_S_PARM, 0xC0CC5616u)]
    [InlineData(Vidioc.VIDIOC_ENUMINPUT, 0xC050561Au)]
    [InlineData(Vidioc.VIDIOC_G_CTRL, 0xC008561Bu)]
    [InlineData(Vidioc.VIDIOC_S_CTRL, 0xC008561Cu)]
    [InlineData(Vidioc.VIDIOC_QUERYCTRL, 0xC0445624u)]
    [InlineData(Vidioc.VIDIOC_QUERYMENU, 0xC02C5625u)]
    [InlineData(Vidioc.VIDIOC_G_INPUT, 0x80045626u)]
    [InlineData(Vidioc.VIDIOC_S_INPUT, 0xC0045627u)]
    [InlineData(Vidioc.VIDIOC_ENUM_FRAMESIZES, 0xC02C564Au)]
    [InlineData(Vidioc.VIDIOC_ENUM_FRAMEINTERVALS, 0xC034564Bu)]
    [InlineData(Vidioc.VIDIOC_S_DV_TIMINGS, 0xC0845657u)]
    [InlineData(Vidioc.VIDIOC_G_DV_TIMINGS, 0xC0845658u)]
    [InlineData(Vidioc.VIDIOC_DQEVENT, 0x80885659u)]
    [InlineData(Vidioc.VIDIOC_SUBSCRIBE_EVENT, 0x4020565Au)]
    [InlineData(Vidioc.VIDIOC_UNSUBSCRIBE_EVENT, 0x4020565Bu)]
    [InlineData(Vidioc.VIDIOC_ENUM_DV_TIMINGS, 0xC0945662u)]
    [InlineData(Vidioc.VIDIOC_QUERY_DV_TIMINGS, 0x80845663u)]
    [InlineData(Vidioc.VIDIOC_QUERY_EXT_CTRL, 0xC0E85667u)]
    public void RequestCode_MatchesKernelMacro(uint actual, uint expected)
    {
        Assert.Equal(expected, actual);
    }
}
