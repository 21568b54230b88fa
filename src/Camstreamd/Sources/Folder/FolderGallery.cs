namespace Camstreamd.Sources.Folder;

/// <summary>
/// Which file of a gallery (Camera:Loop=true) plays next: the folder's files in ordinal name order, over and over,
/// listed anew once per cycle so added and removed files are noticed without a scan per frame. A file that did not
/// validate is passed over until it changes (its length or time), so it costs one read, not one per cycle.
/// Owned by the capture thread; reading the files is the caller's.
/// </summary>
internal sealed class FolderGallery
{
    private readonly string _folder;
    private readonly List<FolderFile> _files = [];
    private readonly Dictionary<string, FolderFile> _knownBad = new(StringComparer.Ordinal);
    private int _next;

    public FolderGallery(string folder)
    {
        _folder = folder;
    }

    /// <summary>The file the cycle is at, or null when the folder held none at the last scan.</summary>
    public FolderFile? Next => _next < _files.Count ? _files[_next] : null;

    /// <summary>Lists the folder anew and forgets which files were broken; returns how many files it held.</summary>
    /// <exception cref="FrameSourceException">The folder cannot be listed.</exception>
    public int Start()
    {
        _knownBad.Clear();
        return Rescan();
    }

    /// <summary>
    /// The next file of the cycle not known to be broken. At the cycle's end the folder is listed again, but only
    /// while <paramref name="rescanned"/> (the caller's, one per capture) is false, so a folder of bad files cannot spin.
    /// </summary>
    /// <exception cref="FrameSourceException">The folder cannot be listed.</exception>
    public bool TryTakeNext(ref bool rescanned, out FolderFile file)
    {
        while (true)
        {
            if (_next >= _files.Count)
            {
                if (rescanned || Rescan() == 0)
                {
                    file = default;
                    return false;
                }

                rescanned = true;
            }

            file = _files[_next++];
            if (!(_knownBad.TryGetValue(file.Path, out FolderFile bad) && bad == file))
            {
                return true;
            }
        }
    }

    /// <summary>Remembers how <paramref name="file"/> read: an invalid one is passed over until it changes.</summary>
    public void Read(FolderFile file, FileLoadResult result)
    {
        if (result == FileLoadResult.Loaded)
        {
            _knownBad.Remove(file.Path);
        }
        else if (result == FileLoadResult.Invalid)
        {
            _knownBad[file.Path] = file;
        }
    }

    private int Rescan()
    {
        FolderScanner.ScanOrThrow(_folder, _files, after: null);
        _next = 0;
        return _files.Count;
    }
}
