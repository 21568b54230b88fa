using System.Diagnostics;

namespace Camstreamd.V4l2.Tests.Device;

[Trait("Requires", Vivid.Requires)]
public sealed class CaptureTests
{
    [Fact]
    public void Open_Vivid_IsStreamingCaptureDevice()
    {
        using V4l2Device device = V4l2Device.Open(Vivid.Webcam);

        Assert.Equal("vivid", device.Capabilities.Driver);
        Assert.True(device.Capabilities.CanStreamCapture);
        Assert.False(device.IsMultiPlanar);
        Assert.StartsWith("platform:vivid", device.Capabilities.BusInfo, StringComparison.Ordinal);
    }

    [Fact]
    public void Enumerate_Vivid_ListsYuyvSizesAndRates()
    {
        using V4l2Device device = V4l2Device.Open(Vivid.Webcam);

        IReadOnlyList<V4l2FormatDescription> formats = device.EnumerateFormats();
        Assert.Contains(formats, f => f.PixelFormat == V4l2FourCc.YUYV);
        Assert.Contains(formats, f => f.PixelFormat == V4l2FourCc.NV12);
        IReadOnlyList<V4l2FrameSize> sizes = device.EnumerateFrameSizes(V4l2FourCc.YUYV);
        Assert.Contains(sizes, s => s.IsDiscrete && s.MinWidth == 640 && s.MinHeight == 480);
        Assert.Contains(sizes, s => s.IsDiscrete && s.MinWidth == 1280 && s.MinHeight == 720);
        IReadOnlyList<V4l2FrameInterval> rates = device.EnumerateFrameIntervals(V4l2FourCc.YUYV, 640, 480);
        Assert.Contains(rates, r => Math.Abs(r.MaxFramesPerSecond - 25) < 0.01);
    }

    [Theory]
    [InlineData(640, 480, 25)]
    [InlineData(1280, 720, 12.5)]
    public void Capture_Yuyv_DeliversFramesOfBytesUsed(int width, int height, double fps)
    {
        using V4l2Device device = V4l2Device.Open(Vivid.Webcam);
        V4l2PixelFormat format = device.SetFormat(V4l2FourCc.YUYV, width, height);
        double? rate = device.TrySetFrameRate(fps);
        using V4l2Capture capture = device.StartCapture(3);

        Assert.Equal((V4l2FourCc.YUYV, width, height, width * 2), (format.PixelFormat, format.Width, format.Height, format.BytesPerLine));
        Assert.NotNull(rate);
        Assert.Equal(fps, rate.Value, 2);
        long lastSequence = -1;
        long lastTimestamp = 0;
        for (int i = 0; i < 5; i++)
        {
            Vivid.NextFrame(capture, frame =>
            {
                Assert.False(frame.IsError);
                Assert.Equal(width * height * 2, frame.Data.Length);
                Assert.True(frame.Sequence > lastSequence, $"sequence {frame.Sequence} after {lastSequence}");
                Assert.True(frame.TimestampMicroseconds > lastTimestamp);
                Assert.Contains(frame.Data.ToArray(), b => b != 0);
                lastSequence = frame.Sequence;
                lastTimestamp = frame.TimestampMicroseconds;
            });
        }
    }

    [Fact]
    public void Capture_Yu12_DeliversPlanar420()
    {
        using V4l2Device device = V4l2Device.Open(Vivid.Webcam);
        V4l2PixelFormat format = device.SetFormat(V4l2FourCc.YU12, 640, 480);
        device.TrySetFrameRate(25);
        using V4l2Capture capture = device.StartCapture(3);

        Assert.Equal(V4l2FourCc.YU12, format.PixelFormat);
        Vivid.NextFrame(capture, frame => Assert.Equal(640 * 480 * 3 / 2, frame.Data.Length));
    }

    [Fact]
    public void Capture_MultiPlanarNv12m_DeliversTwoPlanes()
    {
        using V4l2Device device = V4l2Device.Open(Vivid.MultiPlanar);
        Assert.True(device.IsMultiPlanar);
        V4l2PixelFormat format = device.SetFormat(V4l2FourCc.NV12M, 640, 480);
        device.TrySetFrameRate(25);
        using V4l2Capture capture = device.StartCapture(3);

        Assert.Equal((V4l2FourCc.NV12M, 2), (format.PixelFormat, format.PlaneCount));
        Vivid.NextFrame(capture, frame =>
        {
            Assert.Equal(2, frame.PlaneCount);
            Assert.Equal(640 * 480, frame.Data.Length);
            Assert.Equal(640 * 480 / 2, frame.Plane1.Length);
        });
    }

    [Fact]
    public void TryDequeue_SeveralBuffersReady_NewestWinsAndOlderAreRequeued()
    {
        using V4l2Device device = V4l2Device.Open(Vivid.Webcam);
        device.SetFormat(V4l2FourCc.YUYV, 640, 360);
        device.TrySetFrameRate(40);
        using V4l2Capture capture = device.StartCapture(4);
        uint first = 0;
        Vivid.NextFrame(capture, frame => first = frame.Sequence);

        // At 40 fps every buffer fills within 150 ms; the driver then drops until one is requeued.
        Thread.Sleep(400);
        uint newest = 0;
        Vivid.NextFrame(capture, frame => newest = frame.Sequence);
        uint next = 0;
        Vivid.NextFrame(capture, frame => next = frame.Sequence);

        Assert.True(capture.SkippedForNewer >= 2, $"skipped {capture.SkippedForNewer}");
        Assert.True(newest >= first + 3, $"first {first}, newest {newest}");
        Assert.True(next > newest);
    }

    [Fact]
    public void TryDequeue_NoFrameWithinTimeout_ReturnsTimeoutInTime()
    {
        using V4l2Device device = V4l2Device.Open(Vivid.Webcam);
        device.SetFormat(V4l2FourCc.YUYV, 640, 480);
        device.TrySetFrameRate(1);
        using V4l2Capture capture = device.StartCapture(2);
        Vivid.NextFrame(capture, _ => { });

        Stopwatch clock = Stopwatch.StartNew();
        V4l2WaitResult result = capture.TryDequeue(TimeSpan.FromMilliseconds(100), out _);

        Assert.Equal(V4l2WaitResult.Timeout, result);
        Assert.InRange(clock.ElapsedMilliseconds, 90, 900);
    }

    [Fact]
    public void StartCapture_Twice_IsRejected()
    {
        using V4l2Device device = V4l2Device.Open(Vivid.Webcam);
        device.SetFormat(V4l2FourCc.YUYV, 640, 480);
        using V4l2Capture capture = device.StartCapture(2);

        Assert.Throws<InvalidOperationException>(() => device.StartCapture(2));
    }
}
