namespace Camstreamd.Sources.Folder;

/// <summary>
/// Tells an unfinished newest file (its writer still at work: its size keeps changing) from a broken one: a file
/// that does not validate counts as broken once its size has stayed the same for <see cref="SettleTime"/>.
/// </summary>
internal sealed class SettleWatch
{
    /// <summary>How long an invalid newest file must stay the same size before it counts as broken, not unfinished.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private string? _name;
    private long _length;
    private long _since;

    public SettleWatch(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>True once <paramref name="file"/> has kept its size for <see cref="SettleTime"/> over the calls watching it.</summary>
    public bool HasSettled(FolderFile file)
    {
        FileInfo info = new(file.Path);
        long length = info.Exists ? info.Length : -1;
        long now = _time.GetTimestamp();
        if (!string.Equals(_name, file.Name, StringComparison.Ordinal) || _length != length)
        {
            _name = file.Name;
            _length = length;
            _since = now;
            return false;
        }

        return _time.GetElapsedTime(_since, now) >= SettleTime;
    }

    /// <summary>Forgets the file watched: the next one starts its wait anew.</summary>
    public void Reset() => _name = null;
}
