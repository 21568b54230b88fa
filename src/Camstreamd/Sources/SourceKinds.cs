using Camstreamd.Configuration;
using Camstreamd.Sources.Command;
using Camstreamd.Sources.Folder;
using Camstreamd.Sources.TestPattern;
using Camstreamd.Sources.V4l2;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Sources;

/// <summary>
/// The one list of source kinds: a new source is its own folder plus one line here. The configuration's
/// validator and <see cref="FrameSourceFactory"/> both read it, so neither names a source kind itself.
/// </summary>
internal static class SourceKinds
{
    /// <summary><c>Camera:Source=auto</c>: a V4L2 camera when one is present, else the test pattern (never <c>command</c>).</summary>
    public const string Auto = "auto";

    /// <summary>The test pattern; also what <c>auto</c> shows when there is no camera.</summary>
    public static SourceKind TestPattern { get; } =
        new("testpattern", (camera, context) => new TestPatternSource(camera, context.Time, context.Loggers.CreateLogger<TestPatternSource>()), static (_, _) => { });

    /// <summary>A V4L2 camera: <c>Camera:Device</c>, or the one <c>auto</c> found (<see cref="SourceContext.Device"/>).</summary>
    public static SourceKind V4l2 { get; } =
        new("v4l2", (camera, context) => new V4l2FrameSource(camera, context.Time, context.Loggers.CreateLogger<V4l2FrameSource>(), context.Device), V4l2OptionsValidator.Validate);

    public static IReadOnlyList<SourceKind> All { get; } =
    [
        TestPattern,
        new("folder", (camera, context) => new FolderSource(camera, context.Time, context.Loggers.CreateLogger<FolderSource>(), context.GifOriginals), FolderOptionsValidator.Validate),
        V4l2,
        new("command", (camera, context) => new CommandFrameSource(camera, context.Time, context.Loggers.CreateLogger<CommandFrameSource>()), CommandOptionsValidator.Validate),
    ];

    /// <summary>The values <c>Camera:Source</c> accepts, for messages.</summary>
    public static IReadOnlyList<string> Names { get; } = [Auto, .. All.Select(kind => kind.Name)];

    /// <summary>The kind named by <paramref name="source"/> (any case), or null for <c>auto</c> and unknown names.</summary>
    public static SourceKind? Find(string source) =>
        All.FirstOrDefault(kind => string.Equals(kind.Name, source, StringComparison.OrdinalIgnoreCase));

    /// <summary><c>Camera:Source</c> itself, then the checks of the kind it names.</summary>
    public static void Validate(CameraOptions camera, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(errors);
        if (string.Equals(camera.Source, Auto, StringComparison.OrdinalIgnoreCase))
        {
            V4l2OptionsValidator.ValidateAuto(camera, errors);
        }
        else if (Find(camera.Source) is { } kind)
        {
            kind.Validate(camera, errors);
        }
        else
        {
            errors.Add($"Camera:Source is '{camera.Source}'; allowed: {string.Join(", ", Names)}.");
        }
    }
}
