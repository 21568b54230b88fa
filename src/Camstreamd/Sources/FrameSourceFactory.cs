using Camstreamd.Configuration;
using Camstreamd.Gif;
using Camstreamd.Sources.V4l2;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Sources;

/// <summary>Turns <c>Camera:Source</c> into a source instance; <c>auto</c> picks a V4L2 camera when one is present (never <c>command</c>).</summary>
internal sealed class FrameSourceFactory
{
    private readonly SourceContext _context;

    public FrameSourceFactory(TimeProvider time, ILoggerFactory loggers, GifPassthrough? gifOriginals = null)
    {
        _context = new SourceContext(time, loggers, gifOriginals);
    }

    /// <summary>Creates the configured source; <paramref name="warning"/> says when <c>auto</c> fell back to the test pattern.</summary>
    public IFrameSource Create(CameraOptions camera, out string? warning)
    {
        warning = null;
        if (string.Equals(camera.Source, SourceKinds.Auto, StringComparison.OrdinalIgnoreCase))
        {
            if (V4l2DeviceFinder.FindFirstCaptureDevice() is string device)
            {
                return SourceKinds.V4l2.Create(camera, _context with { Device = device });
            }

            warning = "No camera found: showing the test pattern. Set Camera:Source to choose a source.";
            return SourceKinds.TestPattern.Create(camera, _context);
        }

        SourceKind kind = SourceKinds.Find(camera.Source)
            ?? throw new ArgumentException($"Camera:Source '{camera.Source}' is not one of: {string.Join(", ", SourceKinds.Names)}.", nameof(camera));
        return kind.Create(camera, _context);
    }
}
