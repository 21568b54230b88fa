namespace Camstreamd.Gif;

/// <summary>
/// The GIF frames a source already had for its newest JPEGs (the folder source playing GIF files), so
/// the GIF encoder can send them as they are instead of re-encoding the JPEGs made from them. Matched by
/// the JPEG's capture time. A few slots, not one: the source offers a frame's original before that frame
/// is published, so the next original may already be in while the encoder still takes the previous JPEG.
/// Written by the capture thread, read by the encoder thread.
/// </summary>
internal sealed class GifPassthrough
{
    private const int Slots = 4;

    private readonly Lock _gate = new();
    private readonly Entry[] _entries = new Entry[Slots];
    private int _next;

    /// <summary>Offers <paramref name="streamFrame"/> (a self-contained GIF stream frame) for the JPEG captured at <paramref name="monotonicTimestamp"/>.</summary>
    public void Offer(long monotonicTimestamp, byte[] streamFrame, int width, int height)
    {
        lock (_gate)
        {
            _entries[_next] = new Entry(monotonicTimestamp, streamFrame, width, height);
            _next = (_next + 1) % Slots;
        }
    }

    /// <summary>The GIF frame offered for the JPEG captured at <paramref name="monotonicTimestamp"/>, if any.</summary>
    public bool TryGet(long monotonicTimestamp, out byte[] streamFrame, out int width, out int height)
    {
        lock (_gate)
        {
            foreach (Entry entry in _entries)
            {
                if (entry.Frame is not null && entry.Timestamp == monotonicTimestamp)
                {
                    (streamFrame, width, height) = (entry.Frame, entry.Width, entry.Height);
                    return true;
                }
            }
        }

        (streamFrame, width, height) = ([], 0, 0);
        return false;
    }

    private readonly record struct Entry(long Timestamp, byte[]? Frame, int Width, int Height);
}
