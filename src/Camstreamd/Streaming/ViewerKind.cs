namespace Camstreamd.Streaming;

/// <summary>
/// What a viewer receives, as <c>/state</c> names it. Every kind shares the broadcaster's rules:
/// <c>Streaming:MaxClients</c>, stall eviction, keepalive and keeping the source awake.
/// </summary>
internal static class ViewerKind
{
    /// <summary>multipart/x-mixed-replace JPEGs over HTTP (<c>/stream</c>).</summary>
    public const string Mjpeg = "stream";

    /// <summary>An endless animated GIF (<c>/stream.gif</c>), fed from the GIF encoder instead of the JPEGs.</summary>
    public const string Gif = "gif";
}
