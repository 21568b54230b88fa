using Camstreamd.Frames;

namespace Camstreamd.Streaming;

/// <summary>
/// How a frame goes on the wire for one kind of viewer: what precedes the frame's bytes, and which of
/// them are sent. Both answers point into existing buffers, so framing a frame allocates nothing.
/// </summary>
internal interface IFrameFraming
{
    /// <summary>Bytes sent before <see cref="Payload"/>, or empty; valid until the next call (it may be the connection's own buffer).</summary>
    ReadOnlyMemory<byte> Header(Frame frame);

    /// <summary>The frame's bytes as this viewer gets them, straight from the shared frame buffer.</summary>
    ReadOnlyMemory<byte> Payload(Frame frame);
}
