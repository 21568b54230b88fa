namespace Camstreamd.Sources;

/// <summary>
/// What a source is, as shown in /state and /metrics.
/// </summary>
/// <param name="Kind">testpattern, folder, v4l2.</param>
/// <param name="Location">The device path or folder; empty for the test pattern.</param>
/// <param name="Width">Current picture width; 0 until known.</param>
/// <param name="Height">Current picture height; 0 until known.</param>
/// <param name="ConfiguredFramesPerSecond">The rate asked for.</param>
/// <param name="Detail">Anything else worth showing (card name, pixel format, a no-signal state).</param>
public sealed record SourceDescription(
    string Kind,
    string Location,
    int Width,
    int Height,
    double ConfiguredFramesPerSecond,
    string Detail = "");
