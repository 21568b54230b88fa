using Camstreamd.Configuration;

namespace Camstreamd.Sources;

/// <summary>One value of <c>Camera:Source</c>: how its source is made and which Camera keys it checks at start.</summary>
/// <param name="Name">The value of <c>Camera:Source</c>, lower case.</param>
/// <param name="Create">Makes the source from the settings.</param>
/// <param name="Validate">Adds an error for each Camera key this kind needs and finds wrong, naming the key, the value and what is allowed.</param>
internal sealed record SourceKind(
    string Name,
    Func<CameraOptions, SourceContext, IFrameSource> Create,
    Action<CameraOptions, ICollection<string>> Validate);
