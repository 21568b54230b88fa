namespace Camstreamd.Sources.Folder;

/// <summary>One JPEG file as a directory scan saw it; length and time tell whether it changed since.</summary>
internal readonly record struct FolderFile(string Path, string Name, long Length, DateTime LastWriteUtc)
{
    public FolderFile With(FileStamp stamp) => this with { Length = stamp.Length, LastWriteUtc = stamp.LastWriteUtc };
}
