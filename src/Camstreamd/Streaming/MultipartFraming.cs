using Camstreamd.Frames;

namespace Camstreamd.Streaming;

/// <summary>
/// An MJPEG viewer's framing: the part header and the next boundary already surround the JPEG in the frame's
/// buffer (<see cref="FrameBroadcaster.Publish"/> writes them once per frame), so one send carries the whole part.
/// </summary>
internal sealed class MultipartFraming : IFrameFraming
{
    public static MultipartFraming Instance { get; } = new();

    private MultipartFraming()
    {
    }

    public ReadOnlyMemory<byte> Header(Frame frame) => ReadOnlyMemory<byte>.Empty;

    public ReadOnlyMemory<byte> Payload(Frame frame) => frame.Enveloped;
}
