using Camstreamd.Configuration;
using Camstreamd.Frames;
using Camstreamd.Jpeg;
using Camstreamd.Sources;
using Camstreamd.Sources.TestPattern;
using Camstreamd.TestSupport;
using Camstreamd.TurboJpeg;
using Microsoft.Extensions.Time.Testing;

namespace Camstreamd.Tests.Sources.TestPattern;

public sealed class TestPatternSourceTests
{
    [Theory]
    [InlineData(320, 240)]
    [InlineData(101, 67)]
    public void Capture_ProducesValidJpegsOfTheConfiguredSize_ThatDifferFrameToFrame(int width, int height)
    {
        FakeTimeProvider time = new();
        FramePool pool = new(4096);
        using TestPatternSource source = new(Options(width, height, 10), time, new RecordingLogger<TestPatternSource>());
        source.Open(CancellationToken.None);
        List<Frame> frames = new();

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(CaptureResult.Frame, source.Capture(pool, CancellationToken.None, out Frame? frame, out _));
            frames.Add(frame!);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        using TurboJpegDecompressor decompressor = new();
        foreach (Frame frame in frames)
        {
            Assert.True(JpegValidator.TryValidate(frame.Span, out int length, out string? reason), reason);
            Assert.Equal(frame.Length, length);
            Assert.True(decompressor.TryReadHeader(frame.Span, out JpegHeader header));
            Assert.Equal((width, height), (header.Width, header.Height));
            Assert.Equal((width, height), (frame.Width, frame.Height));

            // Pooled frames are sized to the picture, not to the encoder's worst case.
            Assert.True(frame.Capacity < TurboJpegCompressor.MaxCompressedSize(width, height, JpegSubsampling.Samp420));
        }

        Assert.Equal([1L, 2L, 3L], frames.Select(f => f.Sequence));
        Assert.False(frames[0].Span.SequenceEqual(frames[1].Span));
        Assert.False(frames[1].Span.SequenceEqual(frames[2].Span));
        Assert.True(TestJpegs.MeanDifference(TestJpegs.Decode(frames[0].Span).Rgb, TestJpegs.Decode(frames[1].Span).Rgb) > 0.01);

        frames.ForEach(f => f.Release());
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void Capture_StampsFramesFromTheTimeProvider_AndWaitsForTheNextDeadline()
    {
        FakeTimeProvider time = new();
        FramePool pool = new();
        using TestPatternSource source = new(Options(64, 48, 20), time, new RecordingLogger<TestPatternSource>());
        source.Open(CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(10));

        Assert.Equal(CaptureResult.Frame, source.Capture(pool, CancellationToken.None, out Frame? first, out _));
        Assert.Equal(time.GetTimestamp(), first!.MonotonicTimestamp);
        Assert.Equal((time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10, first.UnixTimeMicroseconds);

        // 50 ms period, the manual clock stands still: the next frame is not due.
        Assert.Equal(CaptureResult.NoFrame, source.Capture(pool, CancellationToken.None, out Frame? none, out _));
        Assert.Null(none);
        time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(CaptureResult.Frame, source.Capture(pool, CancellationToken.None, out Frame? second, out _));
        Assert.Equal(2, second!.Sequence);

        first.Release();
        second.Release();
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void Capture_RealClockAt10Fps_DeliversAbout20FramesIn2Seconds()
    {
        FramePool pool = new();
        using TestPatternSource source = new(Options(640, 360, 10), TimeProvider.System, new RecordingLogger<TestPatternSource>());
        source.Open(CancellationToken.None);
        using CancellationTokenSource cts = new(TimeSpan.FromSeconds(2));
        int frames = 0;

        while (!cts.IsCancellationRequested)
        {
            if (source.Capture(pool, cts.Token, out Frame? frame, out _) == CaptureResult.Frame)
            {
                frames++;
                frame!.Release();
            }
        }

        Assert.InRange(frames, 18, 22);
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void Description_IsTestPatternOfTheConfiguredSizeAndRate()
    {
        using TestPatternSource source = new(Options(320, 240, 15), new FakeTimeProvider(), new RecordingLogger<TestPatternSource>());

        Assert.Equal(("testpattern", 320, 240, 15.0), (source.Description.Kind, source.Description.Width, source.Description.Height, source.Description.ConfiguredFramesPerSecond));
    }

    [Fact]
    public void Capture_BeforeOpen_Throws()
    {
        using TestPatternSource source = new(Options(64, 48, 10), new FakeTimeProvider(), new RecordingLogger<TestPatternSource>());

        Assert.Throws<InvalidOperationException>(() => source.Capture(new FramePool(), CancellationToken.None, out _, out _));
    }

    [Fact]
    public void Constructor_ZeroWidth_ThrowsNamingTheKey()
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() =>
            new TestPatternSource(Options(0, 48, 10), new FakeTimeProvider(), new RecordingLogger<TestPatternSource>()));

        Assert.Contains("Camera:Width", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenCloseOpen_RestartsTheSequence()
    {
        FakeTimeProvider time = new();
        FramePool pool = new();
        using TestPatternSource source = new(Options(64, 48, 10), time, new RecordingLogger<TestPatternSource>());

        source.Open(CancellationToken.None);
        Assert.Equal(CaptureResult.Frame, source.Capture(pool, CancellationToken.None, out Frame? a, out _));
        source.Close();
        source.Open(CancellationToken.None);
        Assert.Equal(CaptureResult.Frame, source.Capture(pool, CancellationToken.None, out Frame? b, out _));

        Assert.Equal((1L, 1L), (a!.Sequence, b!.Sequence));
        a.Release();
        b.Release();
        Assert.Equal(0, pool.Outstanding);
    }

    private static CameraOptions Options(int width, int height, double fps) => new()
    {
        Source = "testpattern",
        Width = width,
        Height = height,
        FramesPerSecond = fps,
        JpegQuality = 80,
    };
}
