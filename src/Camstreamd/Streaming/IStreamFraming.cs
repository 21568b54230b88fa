using Camstreamd.Frames;

namespace Camstreamd.Streaming;

/// <summary>
/// What a stream format needs around its frames beyond their envelope: the GIF stream's header, which
/// depends on the first frame's size. One instance per viewer; called by the writer before each frame.
/// </summary>
internal interface IStreamFraming
{
    /// <summary>
    /// Bytes to send before <paramref name="frame"/> (usually none), or false with the reason when the
    /// stream cannot go on with this frame (e.g. the picture size changed under a GIF's fixed screen).
    /// </summary>
    bool TryLead(Frame frame, out ReadOnlyMemory<byte> lead, out string? endReason);
}
