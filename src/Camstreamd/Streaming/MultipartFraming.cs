using System.Diagnostics.CodeAnalysis;
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

    public bool TryHeader(Frame frame, out ReadOnlyMemory<byte> header, [NotNullWhen(false)] out string? endReason)
    {
        header = ReadOnlyMemory<byte>.Empty;
        endReason = null;
        return true;
    }

    public ReadOnlyMemory<byte> Payload(Frame frame) => frame.Enveloped;
}
