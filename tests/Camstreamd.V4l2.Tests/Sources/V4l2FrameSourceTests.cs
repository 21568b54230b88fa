using System.Diagnostics;
using Camstreamd.Frames;
using Camstreamd.Sources;
using Camstreamd.Sources.V4l2;
using Camstreamd.TurboJpeg;
using Camstreamd.V4l2.Tests.Device;

namespace Camstreamd.V4l2.Tests.Sources;

/// <summary>The app's V4L2 source against vivid: formats, controls, orientation, faults and leaks.</summary>
[Trait("Requires", Vivid.Requires)]
public sealed class V4l2FrameSourceTests
{
    [Theory]
    [InlineData("webcam", "YUYV", 640, 480, JpegSubsampling.Samp422)]
    [InlineData("webcam", "YUYV", 1280, 720, JpegSubsampling.Samp422)]
    [InlineData("webcam", "UYVY", 640, 480, JpegSubsampling.Samp422)]
    [InlineData("webcam", "YU12", 640, 480, JpegSubsampling.Samp420)]
    [InlineData("webcam", "NV12", 1280, 720, JpegSubsampling.Samp420)]
    [InlineData("webcam", "RGB3", 640, 480, JpegSubsampling.Samp420)]
    [InlineData("webcam", "GREY", 640, 480, JpegSubsampling.Gray)]
    [InlineData("mplane", "NM12", 640, 480, JpegSubsampling.Samp420)]
    [InlineData("mplane", "YUYV", 1280, 720, JpegSubsampling.Samp422)]
    public void Capture_RawFormat_EveryFrameIsJpegOfTheSize(string node, string fourcc, int width, int height, JpegSubsampling subsampling)
    {
        FramePool pool = new();
        using V4l2FrameSource source = SourceHarness.Create(node == "mplane" ? Vivid.MultiPlanar : Vivid.Webcam, o =>
        {
            o.PixelFormat = fourcc;
            o.Width = width;
            o.Height = height;
        });
        source.Open(CancellationToken.None);

        for (int i = 0; i < 3; i++)
        {
            JpegHeader header = SourceHarness.NextJpeg(source, pool);
            Assert.Equal((width, height, subsampling), (header.Width, header.Height, header.Subsampling));
        }

        Assert.Equal((width, height), (source.Description.Width, source.Description.Height));
        Assert.Contains(fourcc, source.Description.Detail, StringComparison.Ordinal);
        source.Close();
        Assert.Equal(0, pool.Outstanding);
    }

    [Theory]
    [InlineData("YUYV")]
    [InlineData("NV12")]
    public void Capture_AfterWarmUp_AllocatesNothingPerFrame(string fourcc)
    {
        FramePool pool = new();
        using V4l2FrameSource source = SourceHarness.Create(Vivid.Webcam, o => o.PixelFormat = fourcc);
        source.Open(CancellationToken.None);
        int frames = 0;
        long allocated = 0;
        for (int i = 0; i < 200 && frames < 15; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            CaptureResult result = source.Capture(pool, CancellationToken.None, out Frame? frame, out _);
            long after = GC.GetAllocatedBytesForCurrentThread();
            frame?.Release();
            if (result == CaptureResult.Frame && ++frames > 5)
            {
                allocated += after - before;
            }
        }

        Assert.Equal(15, frames);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Open_AutoFormat_PicksYuyvWhenThereIsNoMjpeg()
    {
        using V4l2FrameSource source = SourceHarness.Create(Vivid.Webcam);
        source.Open(CancellationToken.None);

        Assert.Contains("YUYV", source.Description.Detail, StringComparison.Ordinal);
        Assert.Equal(640, SourceHarness.NextJpeg(source, new FramePool()).Width);
    }

    [Fact]
    public void Open_UnofferedFormat_ListsWhatTheDeviceOffers()
    {
        using V4l2FrameSource source = SourceHarness.Create(Vivid.Webcam, o => o.PixelFormat = "MJPG");

        FrameSourceException error = Assert.Throws<FrameSourceException>(() => source.Open(CancellationToken.None));

        Assert.Contains("'MJPG' is not offered by " + Vivid.Webcam, error.Message, StringComparison.Ordinal);
        Assert.Contains("YUYV", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, SourceHarness.CountFdsOn(Vivid.Webcam));
    }

    [Fact]
    public void Open_Controls_AreSetAndReadBack()
    {
        using V4l2FrameSource source = SourceHarness.Create(Vivid.Webcam, o => o.Controls = new() { ["brightness"] = 140, ["Horizontal Movement"] = 5 });
        source.Open(CancellationToken.None);
        try
        {
            using V4l2Device observer = V4l2Device.Open(Vivid.Webcam);

            Assert.Equal(140, observer.GetControl("brightness"));
            Assert.Equal(5, observer.GetControl("horizontal_movement"));
        }
        finally
        {
            source.Close();
            using V4l2Device reset = V4l2Device.Open(Vivid.Webcam);
            reset.SetControl("brightness", 128);
            reset.SetControl("horizontal_movement", 3);
        }
    }

    [Theory]
    [InlineData("sharpness", 3, "unknown control 'sharpness'")]
    [InlineData("brightness", 300, "value 300 is not allowed for control 'brightness': int 0..255")]
    public void Open_InvalidControl_FailsListingTheDeviceControls(string name, int value, string expected)
    {
        using V4l2FrameSource source = SourceHarness.Create(Vivid.Webcam, o => o.Controls = new() { [name] = value });

        FrameSourceException error = Assert.Throws<FrameSourceException>(() => source.Open(CancellationToken.None));

        Assert.Contains($"Camera:Controls:{name}={value}", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        if (name == "sharpness")
        {
            Assert.Contains("contrast (int 0..255", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, SourceHarness.CountFdsOn(Vivid.Webcam));
    }

    [Fact]
    public void Rotation90_WithoutDeviceControl_IsLosslessTransformSwappingTheAxes()
    {
        using V4l2FrameSource source = SourceHarness.Create(Vivid.Webcam, o => o.Rotation = 90);
        source.Open(CancellationToken.None);

        JpegHeader header = SourceHarness.NextJpeg(source, new FramePool());

        Assert.Equal((480, 640), (header.Width, header.Height));
        Assert.Equal((480, 640), (source.Description.Width, source.Description.Height));
    }

    // Close (the idle release) stops the converter's stream but keeps it: the reopened source encodes and rotates again.
    [Fact]
    public void Rotation90_ReopenedAfterClose_ConvertsAgain()
    {
        using V4l2FrameSource source = SourceHarness.Create(Vivid.Webcam, o => o.Rotation = 90);
        FramePool pool = new();
        source.Open(CancellationToken.None);
        JpegHeader first = SourceHarness.NextJpeg(source, pool);
        source.Close();

        source.Open(CancellationToken.None);
        JpegHeader again = SourceHarness.NextJpeg(source, pool);

        Assert.Equal((480, 640), (first.Width, first.Height));
        Assert.Equal((480, 640), (again.Width, again.Height));
    }

    /// <summary>1080 rows are not whole 16-row blocks in 4:2:0: a clear source error, not a crashed capture loop.</summary>
    [Fact]
    public void Rotation90_OfA1080p420Picture_FailsWithAReasonTheOperatorCanActOn()
    {
        using V4l2FrameSource source = SourceHarness.Create(Vivid.Webcam, o =>
        {
            o.Rotation = 90;
            o.Width = 1920;
            o.Height = 1080;
            o.FramesPerSecond = 5;
            o.PixelFormat = "YU12";
        });
        source.Open(CancellationToken.None);
        FramePool pool = new();

        FrameSourceException error = Assert.Throws<FrameSourceException>(() =>
        {
            DateTime deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline)
            {
                source.Capture(pool, CancellationToken.None, out Frame? frame, out _);
                frame?.Release();
            }
        });

        Assert.Contains("1920x1080", error.Message, StringComparison.Ordinal);
        Assert.Contains("multiples of 16", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void FlipHorizontal_WithDeviceControl_UsesTheControl()
    {
        using V4l2FrameSource source = SourceHarness.Create(Vivid.Webcam, o => o.FlipHorizontal = true);
        source.Open(CancellationToken.None);
        try
        {
            using V4l2Device observer = V4l2Device.Open(Vivid.Webcam);

            Assert.Equal(1, observer.GetControl("horizontal_flip"));
            Assert.Equal(640, SourceHarness.NextJpeg(source, new FramePool()).Width);
        }
        finally
        {
            source.Close();
            using V4l2Device reset = V4l2Device.Open(Vivid.Webcam);
            reset.SetControl("horizontal_flip", 0);
        }
    }

    [Fact]
    public void Disconnect_WhileStreaming_ThrowsThenReopens()
    {
        FramePool pool = new();
        using V4l2FrameSource source = SourceHarness.Create(Vivid.Webcam);
        source.Open(CancellationToken.None);
        SourceHarness.NextJpeg(source, pool);
        using (V4l2Device unplugger = V4l2Device.Open(Vivid.Webcam))
        {
            unplugger.SetControl("disconnect", 1);
        }

        FrameSourceException error = Assert.Throws<FrameSourceException>(() =>
        {
            for (int i = 0; i < 50; i++)
            {
                source.Capture(pool, CancellationToken.None, out Frame? frame, out _);
                frame?.Release();
            }
        });

        Assert.Contains(Vivid.Webcam, error.Message, StringComparison.Ordinal);
        Assert.Contains("unplugged or failed", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, SourceHarness.CountFdsOn(Vivid.Webcam));
        source.Open(CancellationToken.None);
        Assert.Equal(640, SourceHarness.NextJpeg(source, pool).Width);
        source.Close();
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void SilentCamera_IsNoticedWithinDeviceTimeout()
    {
        FramePool pool = new();
        using V4l2FrameSource source = SourceHarness.Create(Vivid.Webcam, o => o.DeviceTimeout = TimeSpan.FromSeconds(1));
        source.Open(CancellationToken.None);
        SourceHarness.NextJpeg(source, pool);
        using V4l2Device observer = V4l2Device.Open(Vivid.Webcam);
        observer.SetControl("percentage_of_dropped_buffers", 100);
        try
        {
            Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
            FrameSourceException error = Assert.Throws<FrameSourceException>(() =>
            {
                while (clock.Elapsed < TimeSpan.FromSeconds(10))
                {
                    source.Capture(pool, CancellationToken.None, out Frame? frame, out _);
                    frame?.Release();
                }
            });

            Assert.Contains("Camera:DeviceTimeout", error.Message, StringComparison.Ordinal);
            Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 3);
        }
        finally
        {
            observer.SetControl("percentage_of_dropped_buffers", 0);
        }
    }

    [Fact]
    public void OpenCaptureClose_TwentyCycles_ReleasesDeviceFdsMappingsAndFrames()
    {
        FramePool pool = new();
        using V4l2FrameSource source = SourceHarness.Create(Vivid.Webcam, o => o.FramesPerSecond = 40);
        source.Open(CancellationToken.None);
        SourceHarness.NextJpeg(source, pool);
        source.Close();
        int fds = Vivid.CountOpenFds();

        for (int i = 0; i < 20; i++)
        {
            source.Open(CancellationToken.None);
            Assert.Equal(1, SourceHarness.CountFdsOn(Vivid.Webcam));
            SourceHarness.NextJpeg(source, pool);
            source.Close();
            Assert.Equal(0, SourceHarness.CountFdsOn(Vivid.Webcam));
        }

        // A leak would add one per cycle; other tests' leftovers may only close meanwhile.
        Assert.InRange(Vivid.CountOpenFds(), 0, fds);
        Assert.Equal(0, SourceHarness.CountFdsOn(Vivid.Webcam));
        Assert.Equal(0, Vivid.CountMappings(Vivid.Webcam));
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void Hdmi_SizeFollowsTimings_NoSignalIsAStateAndRecovers()
    {
        FramePool pool = new();
        using V4l2FrameSource source = SourceHarness.Create(Vivid.Hdmi, o => o.DeviceTimeout = TimeSpan.FromSeconds(1));
        source.Open(CancellationToken.None);
        Assert.Equal((1280, 720), (SourceHarness.NextJpeg(source, pool).Width, source.Description.Height));
        using V4l2Device observer = V4l2Device.Open(Vivid.Hdmi);
        try
        {
            observer.SetControl("dv_timings_signal_mode", 1);
            DateTime deadline = DateTime.UtcNow.AddSeconds(5);
            while (!source.NoSignal && DateTime.UtcNow < deadline)
            {
                source.Capture(pool, CancellationToken.None, out Frame? frame, out _);
                frame?.Release();
            }

            Assert.True(source.NoSignal);
            Assert.StartsWith("no signal", source.Description.Detail, StringComparison.Ordinal);
            Assert.Equal(CaptureResult.NoFrame, source.Capture(pool, CancellationToken.None, out _, out _));
        }
        finally
        {
            observer.SetControl("dv_timings_signal_mode", 0);
        }

        Assert.Equal(720, SourceHarness.NextJpeg(source, pool).Height);
        Assert.False(source.NoSignal);
        source.Close();
        Assert.Equal(0, pool.Outstanding);
    }
}
