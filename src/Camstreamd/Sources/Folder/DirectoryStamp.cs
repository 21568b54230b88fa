using Camstreamd.Interop;

namespace Camstreamd.Sources.Folder;

/// <summary>
/// What a folder's listing depends on: which directory its path names (device and inode, so a folder replaced by
/// another of the same name is new) and its modification time, which the kernel sets whenever an entry is added,
/// removed or renamed in it. Rewriting a file in place changes neither; a listing does not depend on that.
/// </summary>
internal readonly record struct DirectoryStamp(uint DeviceMajor, uint DeviceMinor, ulong Inode, DateTime ModifiedUtc)
{
    /// <summary>The folder at <paramref name="path"/> as it is now (a symbolic link followed); false when it cannot be read.</summary>
    public static bool TryRead(string path, out DirectoryStamp stamp)
    {
        if (Libc.statx(Libc.AT_FDCWD, path, 0, Libc.STATX_INO | Libc.STATX_MTIME, out Statx status) != 0)
        {
            stamp = default;
            return false;
        }

        stamp = new DirectoryStamp(status.DeviceMajor, status.DeviceMinor, status.Inode, status.ModifiedUtc);
        return true;
    }
}
