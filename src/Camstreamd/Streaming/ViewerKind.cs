namespace Camstreamd.Streaming;

/// <summary>
/// What a viewer receives, as <c>/state</c> names it. Every kind shares the broadcaster's rules:
/// stall eviction, keepalive and keeping the source awake; <c>Streaming:MaxClients</c> counts all but <see cref="Publish"/>.
/// </summary>
internal static class ViewerKind
{
    /// <summary>multipart/x-mixed-replace JPEGs over HTTP (<c>/stream</c>).</summary>
    public const string Mjpeg = "stream";

    /// <summary>An 8-byte little-endian length and the JPEG, per frame, over a plain TCP connection (<c>Tcp:Port</c>).</summary>
    public const string Tcp = "tcp";

    /// <summary>
    /// A <c>Publish:Targets</c> entry: frames piped to ffmpeg, which encodes and pushes them to a video server.
    /// Keeps the source awake and is evicted when stalled like a viewer, but does not count against
    /// <c>Streaming:MaxClients</c>: that limit protects the daemon from too many viewers, while targets are
    /// few, set by the operator, and must not be locked out by viewers (or lock them out).
    /// </summary>
    public const string Publish = "publish";

    /// <summary>An endless animated GIF (<c>/stream.gif</c>), fed from the GIF encoder instead of the JPEGs.</summary>
    public const string Gif = "gif";
}
