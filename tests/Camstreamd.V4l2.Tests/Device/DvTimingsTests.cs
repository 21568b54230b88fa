namespace Camstreamd.V4l2.Tests.Device;

/// <summary>The vivid HDMI input (input_types=3): detected timings, setting them, no signal, source-change events.</summary>
[Trait("Requires", Vivid.Requires)]
public sealed class DvTimingsTests
{
    private const int SignalModeCurrent = 0;
    private const int SignalModeNoSignal = 1;

    [Fact]
    public void QueryDvTimings_HdmiInput_Locks720p60()
    {
        using V4l2Device device = V4l2Device.Open(Vivid.Hdmi);

        V4l2Input input = device.EnumerateInputs()[device.GetInput()];
        V4l2DvTimingsStatus status = device.QueryDvTimings(out V4l2DvTimings? timings);

        Assert.True(input.HasDvTimings);
        Assert.Equal(V4l2DvTimingsStatus.Locked, status);
        Assert.NotNull(timings);
        Assert.Equal((1280, 720, false), (timings.Width, timings.Height, timings.Interlaced));
        Assert.Equal(60, timings.FramesPerSecond, 0);
    }

    [Fact]
    public void SetDvTimings_Vga_FormatFollowsAndFramesHaveThatSize()
    {
        using V4l2Device device = V4l2Device.Open(Vivid.Hdmi);
        V4l2DvTimings original = device.GetDvTimings();
        try
        {
            V4l2DvTimings vga = device.EnumerateDvTimings().First(t => t.Width == 640 && t.Height == 480);
            device.SetDvTimings(vga);
            V4l2PixelFormat format = device.SetFormat(V4l2FourCc.YUYV, 640, 480);
            using V4l2Capture capture = device.StartCapture(3);

            Assert.Equal((640, 480), (format.Width, format.Height));
            Assert.Equal((640, 480), (device.GetDvTimings().Width, device.GetDvTimings().Height));
            Vivid.NextFrame(capture, frame => Assert.Equal(640 * 480 * 2, frame.Data.Length));
        }
        finally
        {
            device.SetDvTimings(original);
        }
    }

    [Fact]
    public void SourceChange_NoSignal_IsReportedAndQueryGivesNoLink()
    {
        using V4l2Device device = V4l2Device.Open(Vivid.Hdmi);
        device.SetFormat(V4l2FourCc.YUYV, 1280, 720);
        Assert.True(device.TrySubscribeSourceChange());
        using (V4l2Capture capture = device.StartCapture(3))
        {
            try
            {
                Vivid.NextFrame(capture, _ => { });
                device.SetControl("dv_timings_signal_mode", SignalModeNoSignal);

                V4l2WaitResult result = V4l2WaitResult.Frame;
                for (int i = 0; i < 20 && result == V4l2WaitResult.Frame; i++)
                {
                    result = capture.TryDequeue(Vivid.FrameTimeout, out _);
                    capture.Requeue();
                }

                Assert.Equal(V4l2WaitResult.SourceChanged, result);
                Assert.Equal(V4l2DvTimingsStatus.NoLink, device.QueryDvTimings(out V4l2DvTimings? none));
                Assert.Null(none);
                Assert.True(device.EnumerateInputs()[device.GetInput()].HasNoSignal);
            }
            finally
            {
                device.SetControl("dv_timings_signal_mode", SignalModeCurrent);
            }
        }

        Assert.Equal(V4l2DvTimingsStatus.Locked, device.QueryDvTimings(out _));
    }
}
