namespace Camstreamd.V4l2.Tests;

public sealed class V4l2ExceptionTests
{
    [Fact]
    public void Open_MissingDevice_NamesPathCallAndErrno()
    {
        V4l2Exception error = Assert.Throws<V4l2Exception>(() => V4l2Device.Open("/dev/camstreamd-no-such-video"));

        Assert.Equal(2, error.Errno);
        Assert.Equal("open", error.Operation);
        Assert.Equal("/dev/camstreamd-no-such-video", error.DevicePath);
        Assert.Contains("/dev/camstreamd-no-such-video: open failed", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsDeviceLost);
    }

    [Fact]
    public void Open_NotAVideoDevice_FailsQueryCapWithEnotty()
    {
        V4l2Exception error = Assert.Throws<V4l2Exception>(() => V4l2Device.Open("/dev/null"));

        Assert.Equal("VIDIOC_QUERYCAP", error.Operation);
        Assert.Equal(25, error.Errno);
    }

    [Fact]
    public void Open_Failures_LeakNoFd()
    {
        // Counts only descriptors on a file of this test's own: the whole process's count moves with the
        // tests running beside it in parallel (it once differed by 2 in CI), this file's cannot.
        string path = Path.Combine(Path.GetTempPath(), $"camstreamd-not-a-camera-{Guid.NewGuid():N}");
        File.WriteAllBytes(path, [0]);
        try
        {
            for (int i = 0; i < 20; i++)
            {
                V4l2Exception error = Assert.Throws<V4l2Exception>(() => V4l2Device.Open(path));
                Assert.Equal("VIDIOC_QUERYCAP", error.Operation);
            }

            Assert.Equal(0, DescriptorsOn(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static int DescriptorsOn(string path) =>
        new DirectoryInfo("/proc/self/fd").GetFiles().Count(fd => fd.LinkTarget == path);
}
