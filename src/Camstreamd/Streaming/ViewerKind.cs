namespace Camstreamd.Streaming;

/// <summary>
/// What a viewer receives, as <c>/state</c> names it. Every kind shares the broadcaster's rules:
/// <c>Streaming:MaxClients</c>, stall eviction, keepalive and keeping the source awake.
/// </summary>
internal static class ViewerKind
{
    /// <summary>multipart/x-mixed-replace JPEGs over HTTP (<c>/stream</c>).</summary>
    public const string Mjpeg = "stream";

    /// <summary>An 8-byte little-endian length and the JPEG, per frame, over a plain TCP connection (<c>Tcp:Port</c>).</summary>
    public const string Tcp = "tcp";
}
