using Camstreamd.V4l2.Tests.Sources;

namespace Camstreamd.V4l2.Tests.Device;

/// <summary>Failures a real camera has: unplugged while streaming, fatal driver errors, and no leaks over many restarts.</summary>
[Trait("Requires", Vivid.Requires)]
public sealed class FaultTests
{
    [Fact]
    public void Disconnect_WhileStreaming_ThrowsDeviceLostThenReopens()
    {
        V4l2Exception? lost = null;
        using (V4l2Device device = V4l2Device.Open(Vivid.Webcam))
        {
            device.SetFormat(V4l2FourCc.YUYV, 640, 480);
            device.TrySetFrameRate(25);
            using V4l2Capture capture = device.StartCapture(3);
            Vivid.NextFrame(capture, _ => { });

            device.SetControl("disconnect", 1);
            lost = Assert.Throws<V4l2Exception>(() =>
            {
                for (int i = 0; i < 50; i++)
                {
                    capture.TryDequeue(Vivid.FrameTimeout, out _);
                    capture.Requeue();
                }
            });
        }

        Assert.True(lost.IsDeviceLost, lost.Message);
        Assert.Contains(Vivid.Webcam, lost.Message, StringComparison.Ordinal);

        // vivid reconnects once the last handle is closed, like a camera plugged back in.
        using V4l2Device again = V4l2Device.Open(Vivid.Webcam);
        again.SetFormat(V4l2FourCc.YUYV, 640, 480);
        using V4l2Capture recovered = again.StartCapture(3);
        Vivid.NextFrame(recovered, frame => Assert.Equal(640 * 480 * 2, frame.Data.Length));
    }

    [Fact]
    public void FatalStreamingError_DequeueThrowsDeviceLost()
    {
        using V4l2Device device = V4l2Device.Open(Vivid.Webcam);
        device.SetFormat(V4l2FourCc.YUYV, 640, 480);
        device.TrySetFrameRate(25);
        using V4l2Capture capture = device.StartCapture(3);
        Vivid.NextFrame(capture, _ => { });

        device.SetControl("inject_fatal_streaming_error", 1);
        V4l2Exception error = Assert.Throws<V4l2Exception>(() =>
        {
            for (int i = 0; i < 50; i++)
            {
                capture.TryDequeue(Vivid.FrameTimeout, out _);
                capture.Requeue();
            }
        });

        Assert.True(error.IsDeviceLost, error.Message);
    }

    [Fact]
    public void OpenStartStop_TwentyCycles_LeaksNoFdOrMapping()
    {
        // Warm up once so lazily opened runtime files do not count as leaks.
        Cycle();
        int fds = Vivid.CountOpenFds();

        for (int i = 0; i < 20; i++)
        {
            Cycle();
        }

        // A leak would add one per cycle; other tests' leftovers may only close meanwhile.
        Assert.InRange(Vivid.CountOpenFds(), 0, fds);
        Assert.Equal(0, SourceHarness.CountFdsOn(Vivid.Webcam));
        Assert.Equal(0, Vivid.CountMappings(Vivid.Webcam));
    }

    private static void Cycle()
    {
        using V4l2Device device = V4l2Device.Open(Vivid.Webcam);
        device.SetFormat(V4l2FourCc.YUYV, 640, 360);
        device.TrySetFrameRate(40);
        using V4l2Capture capture = device.StartCapture(3);
        Assert.Equal(3, Vivid.CountMappings(Vivid.Webcam));
        Vivid.NextFrame(capture, frame => Assert.Equal(640 * 360 * 2, frame.Data.Length));
    }
}
