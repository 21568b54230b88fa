namespace Camstreamd.V4l2.Tests;

public sealed class V4l2ExceptionTests
{
    [Fact]
    public void Open_MissingDevice_NamesPathCallAndErrno()
    {
        var error = Assert.Throws<V4l2Exception>(() => V4l2Device.Open("/dev/camstreamd-no-such-video"));

        Assert.Equal(2, error.Errno);
        Assert.Equal("open", error.Operation);
        Assert.Equal("/dev/camstreamd-no-such-video", error.DevicePath);
        Assert.Contains("/dev/camstreamd-no-such-video: open failed", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsDeviceLost);
    }

    [Fact]
    public void Open_NotAVideoDevice_FailsQueryCapWithEnotty()
    {
        var error = Assert.Throws<V4l2Exception>(() => V4l2Device.Open("/dev/null"));

        Assert.Equal("VIDIOC_QUERYCAP", error.Operation);
        Assert.Equal(25, error.Errno);
    }

    [Fact]
    public void Open_Failures_LeakNoFd()
    {
        int before = Directory.GetFiles("/proc/self/fd").Length;
        for (int i = 0; i < 20; i++)
        {
            Assert.Throws<V4l2Exception>(() => V4l2Device.Open("/dev/null"));
        }

        Assert.Equal(before, Directory.GetFiles("/proc/self/fd").Length);
    }
}
