using Camstreamd.Interop;

namespace Camstreamd.Sources.Folder;

/// <summary>A file <see cref="FolderFileAccess.Open"/> opened: its descriptor, and its path for the errors. Dispose closes it.</summary>
internal readonly struct OpenedFile : IDisposable
{
    public OpenedFile(int descriptor, string path)
    {
        Descriptor = descriptor;
        Path = path;
    }

    public int Descriptor { get; }

    public string Path { get; }

    public void Dispose() => Libc.close(Descriptor);
}
