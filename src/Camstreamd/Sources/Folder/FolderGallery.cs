namespace Camstreamd.Sources.Folder;

/// <summary>
/// Which file of a gallery (Camera:Loop=true) plays next: the folder's files in ordinal name order, over and over. At
/// each cycle's end the folder is listed again, so added and removed files are noticed without a scan per frame, unless
/// its <see cref="DirectoryStamp"/> says nothing was added, removed or renamed since the last listing: a folder of
/// pictures that does not change is listed once, not once per cycle (one lstat per file, and a sort; issue #12). A file
/// that did not validate is passed over until it changes (its length or time), so it costs one read, not one per cycle.
/// Owned by the capture thread; reading the files is the caller's.
/// </summary>
internal sealed class FolderGallery
{
    /// <summary>
    /// A folder's time is trusted once it is this much older than the listing: an entry added in the same tick of the
    /// file system's clock as the listing (a few milliseconds here, 2 s on FAT) could leave the time as it was.
    /// </summary>
    private static readonly TimeSpan ClockGranularity = TimeSpan.FromSeconds(3);

    private readonly string _folder;
    private readonly TimeProvider _time;
    private readonly List<FolderFile> _files = [];
    private readonly Dictionary<string, FileStamp> _knownBad = new(StringComparer.Ordinal);

    // The folder as it was at the last listing, while that listing can be kept: null until its time is old enough.
    private DirectoryStamp? _listed;
    private int _next;

    public FolderGallery(string folder, TimeProvider time)
    {
        _folder = folder;
        _time = time;
    }

    /// <summary>The file the cycle is at, or null when the folder held none at the last scan.</summary>
    public FolderFile? Next => _next < _files.Count ? _files[_next] : null;

    /// <summary>Lists the folder anew and forgets which files were broken; returns how many files it held.</summary>
    /// <exception cref="FrameSourceException">The folder cannot be listed.</exception>
    public int Start()
    {
        _knownBad.Clear();
        _listed = null;
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
            if (_knownBad.Count == 0 || !IsStillBad(file))
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
            if (_knownBad.Count != 0)
            {
                _knownBad.Remove(file.Path);
            }
        }
        else if (result == FileLoadResult.Invalid)
        {
            // As it is now: a file that cannot be opened has no stamp from its read.
            _knownBad[file.Path] = FolderFileAccess.TryReadStamp(file.Path, out FileStamp stamp) ? stamp : default;
        }
    }

    private bool IsStillBad(FolderFile file) =>
        _knownBad.TryGetValue(file.Path, out FileStamp bad) && FolderFileAccess.TryReadStamp(file.Path, out FileStamp now) && now == bad;

    private int Rescan()
    {
        _next = 0;
        bool stamped = DirectoryStamp.TryRead(_folder, out DirectoryStamp folder);
        if (stamped && _listed == folder)
        {
            return _files.Count;
        }

        FolderScanner.ScanOrThrow(_folder, _files, after: null);
        _listed = stamped && _time.GetUtcNow().UtcDateTime - folder.ModifiedUtc >= ClockGranularity ? folder : null;
        return _files.Count;
    }
}
