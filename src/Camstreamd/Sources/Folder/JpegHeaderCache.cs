using Camstreamd.TurboJpeg;

namespace Camstreamd.Sources.Folder;

/// <summary>
/// Each JPEG file's header as libjpeg-turbo read it, by path and <see cref="FileStamp"/>: a looping folder reads the
/// same files over and over, and a file with the same length and write time is the same picture (issue #12: the
/// header read and its allocations in libjpeg-turbo were a tenth of the capture thread's own work). Whether the file
/// is whole is still checked every time. Bounded: at <see cref="MaxEntries"/> it starts again, empty.
/// </summary>
internal sealed class JpegHeaderCache
{
    internal const int MaxEntries = 4096;

    private readonly Dictionary<string, (FileStamp Stamp, JpegHeader Header)> _headers = new(StringComparer.Ordinal);

    public int Count => _headers.Count;

    /// <summary>The header read from <paramref name="path"/> when it had <paramref name="stamp"/>; false when it was not read at that stamp.</summary>
    public bool TryGet(string path, FileStamp stamp, out JpegHeader header)
    {
        if (_headers.TryGetValue(path, out (FileStamp Stamp, JpegHeader Header) known) && known.Stamp == stamp)
        {
            header = known.Header;
            return true;
        }

        header = default;
        return false;
    }

    public void Add(string path, FileStamp stamp, JpegHeader header)
    {
        if (_headers.Count >= MaxEntries && !_headers.ContainsKey(path))
        {
            _headers.Clear();
        }

        _headers[path] = (stamp, header);
    }
}
