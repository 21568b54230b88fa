using Camstreamd.Configuration;
using Camstreamd.Frames;
using Camstreamd.Sources;
using Camstreamd.Sources.V4l2;
using Camstreamd.TurboJpeg;
using Microsoft.Extensions.Logging.Abstractions;

namespace Camstreamd.V4l2.Tests.Sources;

/// <summary>Runs a real <see cref="V4l2FrameSource"/> and checks what it produces as a viewer would: decoded JPEGs.</summary>
internal static class SourceHarness
{
    public static V4l2FrameSource Create(string device, Action<CameraOptions>? configure = null)
    {
        CameraOptions options = new() { Source = "v4l2", Device = device, Width = 640, Height = 480, FramesPerSecond = 25, JpegQuality = 80 };
        configure?.Invoke(options);
        return new V4l2FrameSource(options, TimeProvider.System, NullLogger<V4l2FrameSource>.Instance);
    }

    /// <summary>Captures until a frame arrives (at most 5 s), decodes it fully, releases it and returns its header.</summary>
    public static JpegHeader NextJpeg(V4l2FrameSource source, FramePool pool)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            CaptureResult result = source.Capture(pool, CancellationToken.None, out Frame? frame, out string? reason);
            Assert.True(result != CaptureResult.Dropped, reason);
            if (result != CaptureResult.Frame)
            {
                continue;
            }

            try
            {
                Assert.NotNull(frame);
                using TurboJpegDecompressor decoder = new();
                Assert.True(decoder.TryReadHeader(frame.Span, out JpegHeader header), decoder.LastError);
                Assert.Equal((frame.Width, frame.Height), (header.Width, header.Height));
                decoder.Decompress(frame.Span, new byte[header.Width * header.Height * 3], TurboPixelFormat.Rgb);
                Assert.True(frame.Sequence > 0);
                return header;
            }
            finally
            {
                frame?.Release();
            }
        }

        Assert.Fail($"{source.Description.Location}: no frame within 5 s ({source.Description.Detail})");
        return default;
    }

    /// <summary>File descriptors of this process that point at <paramref name="device"/>.</summary>
    public static int CountFdsOn(string device)
    {
        int count = 0;
        foreach (string fd in Directory.GetFiles("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget == device)
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // Closed while we looked.
            }
        }

        return count;
    }
}
