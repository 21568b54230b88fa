using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Camstreamd.Frames;
using Camstreamd.Streaming;

namespace Camstreamd.Gif;

/// <summary>
/// One GIF viewer's header: sent before its first frame, sized to that frame (the logical screen must
/// match the frames). A GIF's screen cannot change, so a frame of another size (the source's size or
/// <c>Gif:Width</c> changed) ends the stream with the reason; the viewer's next request gets the new size.
/// </summary>
internal sealed class GifStreamFraming : IFrameFraming
{
    private int _width;
    private int _height;

    public bool TryHeader(Frame frame, out ReadOnlyMemory<byte> header, [NotNullWhen(false)] out string? endReason)
    {
        endReason = null;
        if (_width == 0)
        {
            _width = frame.Width;
            _height = frame.Height;
            header = GifContainer.StreamHeader(_width, _height);
            return true;
        }

        header = ReadOnlyMemory<byte>.Empty;
        if (frame.Width == _width && frame.Height == _height)
        {
            return true;
        }

        endReason = string.Create(CultureInfo.InvariantCulture, $"the GIF size changed from {_width}x{_height} to {frame.Width}x{frame.Height}");
        return false;
    }

    /// <summary>A GIF frame is sent as the encoder made it: graphic control extension, image descriptor, colour table, data.</summary>
    public ReadOnlyMemory<byte> Payload(Frame frame) => frame.Memory;
}
