using Camstreamd.Authentication;
using Camstreamd.Gif;

namespace Camstreamd.Configuration;

/// <summary>
/// The whole validated configuration, replaced as one piece on reload. A record, so that a reload can
/// keep what may not change live (<c>Http</c>) with <c>with</c> and never drop a section it does not name.
/// </summary>
public sealed record CamstreamdSettings
{
    public CameraOptions Camera { get; init; } = new();

    public StreamingOptions Streaming { get; init; } = new();

    public HttpOptions Http { get; init; } = new();

    public TcpOptions Tcp { get; init; } = new();

    public PublishOptions Publish { get; init; } = new();

    public GifOptions Gif { get; init; } = new();

    public AuthOptions Auth { get; init; } = new();

    public Gpio.GpioOptions Gpio { get; init; } = new();
}
