namespace Camstreamd.Sources.Folder;

/// <summary>
/// Which file of a live folder (Camera:Loop=false, e.g. ffmpeg's image2 writer) plays next: each new file once, in
/// name order, as it appears, and the last one again when it is overwritten in place (ffmpeg's <c>-update 1</c>).
/// Of the files already present at <see cref="Start"/> only the newest is played (a viewer wants the current picture,
/// not a replay of an old recording), then every later one. A file that is not yet whole (no EOI: its writer is still
/// at work) is waited for while it is the newest file and its size keeps changing; once a later file exists, or its
/// size has been still for <see cref="SettleWatch.SettleTime"/>, a file that still does not validate is dropped.
/// Each scan lists the whole folder: a writer that never deletes old frames makes scans slower over time (ffmpeg's
/// <c>-update 1</c> or a rotating name avoids that). Owned by the capture thread; reading the files is the caller's.
/// </summary>
internal sealed class LiveFolder
{
    private readonly string _folder;
    private readonly List<FolderFile> _files = [];
    private readonly SettleWatch _settle;
    private int _next;
    private string? _lastPlayed;
    private FolderFile? _lastPlayedFile;

    public LiveFolder(string folder, TimeProvider time)
    {
        _folder = folder;
        _settle = new SettleWatch(time);
    }

    /// <summary>Lists the folder anew, forgetting what was played, and keeps only its newest file to play; returns how many files it held.</summary>
    /// <exception cref="FrameSourceException">The folder cannot be listed.</exception>
    public int Start()
    {
        FolderScanner.ScanOrThrow(_folder, _files, after: null);
        int present = _files.Count;
        _next = 0;
        _lastPlayed = null;
        _lastPlayedFile = null;
        if (_files.Count >= 2)
        {
            _lastPlayed = _files[^2].Name;
            _files.RemoveRange(0, _files.Count - 1);
        }

        _settle.Reset();
        return present;
    }

    /// <summary>Once every file of the last scan is played (or dropped), lists the files named after the last one played.</summary>
    /// <exception cref="FrameSourceException">The folder cannot be listed.</exception>
    public void RescanWhenAllPlayed()
    {
        if (_next >= _files.Count)
        {
            FolderScanner.ScanOrThrow(_folder, _files, _lastPlayed);
            _next = 0;
        }
    }

    /// <summary>The next file of the last scan not yet played, or null.</summary>
    public FolderFile? Next => _next < _files.Count ? _files[_next] : null;

    /// <summary>Moves past <paramref name="file"/> (played, gone or dropped): later scans list only files named after it.</summary>
    public void Played(FolderFile file)
    {
        _lastPlayed = file.Name;
        _lastPlayedFile = file;
        _next++;
        _settle.Reset();
    }

    /// <summary>
    /// For the <see cref="Next"/> file, which did not validate: true while the scan saw no later file and its writer
    /// is still at work (its size keeps changing). The scan is then forgotten, so the next look lists the folder
    /// again in case a later file appeared.
    /// </summary>
    public bool IsUnfinished(FolderFile file)
    {
        bool newest = _next == _files.Count - 1;
        if (!newest || _settle.HasSettled(file))
        {
            return false;
        }

        _files.Clear();
        _next = 0;
        return true;
    }

    /// <summary>
    /// A writer that keeps overwriting one name (ffmpeg <c>-update 1 latest.jpg</c>) makes no new names: a change of
    /// the last played file's size or time counts as a new picture. The change is taken once, so a rewrite still in
    /// progress (it does not validate) is waited out until the file changes again, never dropped.
    /// </summary>
    public bool TryTakeRewritten(out FolderFile file)
    {
        file = default;
        if (_lastPlayedFile is not FolderFile last)
        {
            return false;
        }

        FileInfo info = new(last.Path);
        if (!info.Exists || (info.Length == last.Length && info.LastWriteTimeUtc == last.LastWriteUtc))
        {
            return false;
        }

        file = last with { Length = info.Length, LastWriteUtc = info.LastWriteTimeUtc };
        _lastPlayedFile = file;
        return true;
    }

    /// <summary>The rewritten last file was played again, as <paramref name="file"/> says it was read.</summary>
    public void Replayed(FolderFile file) => _lastPlayedFile = file;
}
