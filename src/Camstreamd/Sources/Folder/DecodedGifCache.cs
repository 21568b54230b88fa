namespace Camstreamd.Sources.Folder;

/// <summary>
/// The decoded frames of the GIF files played last, so a GIF played again (every cycle of a gallery)
/// is not read, decoded and JPEG-encoded again on the capture thread. Keyed by path and
/// <see cref="FileStamp"/>: a rewritten file is decoded anew. Bounded by the bytes its frames hold
/// (JPEGs and GIF originals), least recently played dropped first; a file larger than the whole budget
/// is not kept. Not thread-safe: the capture thread owns it.
/// </summary>
internal sealed class DecodedGifCache
{
    /// <summary>The default budget: a gallery of a few animated GIFs stays decoded; a Pi's memory is not spent on more.</summary>
    public const long DefaultMaxBytes = 32L * 1024 * 1024;

    private readonly long _maxBytes;
    private readonly List<Entry> _entries = [];
    private long _bytes;

    public DecodedGifCache(long maxBytes = DefaultMaxBytes)
    {
        _maxBytes = maxBytes;
    }

    /// <summary>Bytes the kept frames hold.</summary>
    public long Bytes => _bytes;

    public bool TryGet(string path, FileStamp stamp, out IReadOnlyList<GifFileFrame> frames)
    {
        int index = IndexOf(path);
        if (index >= 0)
        {
            Entry entry = _entries[index];
            RemoveAt(index);
            if (entry.Stamp == stamp)
            {
                // Most recently played last.
                _entries.Add(entry);
                _bytes += entry.Bytes;
                frames = entry.Frames;
                return true;
            }
        }

        frames = [];
        return false;
    }

    public void Add(string path, FileStamp stamp, IReadOnlyList<GifFileFrame> frames)
    {
        long bytes = 0;
        foreach (GifFileFrame frame in frames)
        {
            bytes += frame.Jpeg.Length + (frame.Original?.Length ?? 0);
        }

        int index = IndexOf(path);
        if (index >= 0)
        {
            RemoveAt(index);
        }

        if (bytes > _maxBytes)
        {
            return;
        }

        while (_bytes + bytes > _maxBytes)
        {
            RemoveAt(0);
        }

        _entries.Add(new Entry(path, stamp, frames, bytes));
        _bytes += bytes;
    }

    public void Clear()
    {
        _entries.Clear();
        _bytes = 0;
    }

    private int IndexOf(string path) => _entries.FindIndex(entry => string.Equals(entry.Path, path, StringComparison.Ordinal));

    private void RemoveAt(int index)
    {
        _bytes -= _entries[index].Bytes;
        _entries.RemoveAt(index);
    }

    private sealed record Entry(string Path, FileStamp Stamp, IReadOnlyList<GifFileFrame> Frames, long Bytes);
}
