using Camstreamd.Configuration;
using Camstreamd.Gif;
using Camstreamd.Sources.Command;
using Camstreamd.Sources.Folder;
using Camstreamd.Sources.TestPattern;
using Camstreamd.Sources.V4l2;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Sources;

/// <summary>Turns <c>Camera:Source</c> into a source instance; <c>auto</c> picks a V4L2 camera when one is present (never <c>command</c>).</summary>
internal sealed class FrameSourceFactory
{
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly GifPassthrough? _gifOriginals;

    public FrameSourceFactory(TimeProvider time, ILoggerFactory loggers, GifPassthrough? gifOriginals = null)
    {
        _gifOriginals = gifOriginals;
        _time = time;
        _loggers = loggers;
    }

    /// <summary>The kinds <c>Camera:Source</c> accepts, for validation messages.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["auto", "testpattern", "folder", "v4l2", "command"];

    /// <summary>Creates the configured source; <paramref name="warning"/> says when <c>auto</c> fell back to the test pattern.</summary>
    public IFrameSource Create(CameraOptions camera, out string? warning)
    {
        warning = null;
        switch (camera.Source.ToLowerInvariant())
        {
            case "testpattern":
                return new TestPatternSource(camera, _time, _loggers.CreateLogger<TestPatternSource>());
            case "folder":
                return new FolderSource(camera, _time, _loggers.CreateLogger<FolderSource>(), _gifOriginals);
            case "v4l2":
                return new V4l2FrameSource(camera, _time, _loggers.CreateLogger<V4l2FrameSource>());
            case "command":
                return new CommandFrameSource(camera, _time, _loggers.CreateLogger<CommandFrameSource>());
            case "auto" when V4l2DeviceFinder.FindFirstCaptureDevice() is string device:
                return new V4l2FrameSource(camera, _time, _loggers.CreateLogger<V4l2FrameSource>(), device);
            case "auto":
                warning = "No camera found: showing the test pattern. Set Camera:Source to choose a source.";
                return new TestPatternSource(camera, _time, _loggers.CreateLogger<TestPatternSource>());
            default:
                throw new ArgumentException($"Camera:Source '{camera.Source}' is not one of: {string.Join(", ", Kinds)}.", nameof(camera));
        }
    }
}
