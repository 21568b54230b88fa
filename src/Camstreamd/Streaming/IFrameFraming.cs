using System.Diagnostics.CodeAnalysis;
using Camstreamd.Frames;

namespace Camstreamd.Streaming;

/// <summary>
/// How a frame goes on the wire for one kind of viewer: what precedes the frame's bytes, and which of
/// them are sent. Both answers point into existing buffers, so framing a frame allocates nothing.
/// One instance per viewer where it keeps state (the TCP length buffer, the GIF header sent once).
/// </summary>
internal interface IFrameFraming
{
    /// <summary>
    /// Bytes sent before <see cref="Payload"/> (often empty; valid until the next call: it may be the
    /// connection's own buffer), or false with the reason when the stream cannot go on with this frame
    /// (e.g. the picture size changed under a GIF's fixed logical screen).
    /// </summary>
    bool TryHeader(Frame frame, out ReadOnlyMemory<byte> header, [NotNullWhen(false)] out string? endReason);

    /// <summary>The frame's bytes as this viewer gets them, straight from the shared frame buffer.</summary>
    ReadOnlyMemory<byte> Payload(Frame frame);
}
