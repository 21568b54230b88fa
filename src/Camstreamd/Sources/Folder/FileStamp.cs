namespace Camstreamd.Sources.Folder;

/// <summary>A file's length and last write time at one moment; a change means it was rewritten.</summary>
internal readonly record struct FileStamp(long Length, DateTime LastWriteUtc);
