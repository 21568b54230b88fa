namespace Camstreamd.Configuration;

/// <summary>The whole validated configuration, replaced as one piece on reload.</summary>
public sealed class CamstreamdSettings
{
    public CameraOptions Camera { get; init; } = new();

    public StreamingOptions Streaming { get; init; } = new();

    public HttpOptions Http { get; init; } = new();

    public Gif.GifOptions Gif { get; init; } = new();
}
