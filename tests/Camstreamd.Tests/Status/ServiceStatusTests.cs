using Camstreamd.Status;

namespace Camstreamd.Tests.Status;

public sealed class ServiceStatusTests
{
    [Fact]
    public void ToStatusLine_Streaming_ShowsEverything()
    {
        ServiceStatus status = new("v4l2 /dev/video0", 640, 480, 25.04, 2, Streaming: true, LastError: null);

        Assert.Equal("v4l2 /dev/video0 640x480, 25.0 fps, streaming, 2 viewers", status.ToStatusLine());
    }

    [Fact]
    public void ToStatusLine_IdleWithError_SaysIdleAndTheError()
    {
        ServiceStatus status = new("testpattern", 0, 0, 0, 1, Streaming: false, LastError: "VIDIOC_DQBUF: EIO");

        Assert.Equal("testpattern, idle, 1 viewer; last error: VIDIOC_DQBUF: EIO", status.ToStatusLine());
    }
}
