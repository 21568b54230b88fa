using Microsoft.Win32.SafeHandles;

namespace Camstreamd.Sources.Folder;

/// <summary>How both folder readers (<see cref="JpegFileReader"/>, <see cref="GifFileReader"/>) open, bound and read a file.</summary>
internal static class FolderFileAccess
{
    /// <summary>Files above this are refused rather than growing a buffer without bound.</summary>
    public const long MaxFileLength = 32L * 1024 * 1024;

    /// <summary>
    /// Opens <paramref name="path"/> for reading with its length and write time as they are now (not when it
    /// was listed), so a later change means a later rewrite. Throws as <see cref="File.OpenHandle"/> does:
    /// catch with <see cref="IsReadFailure"/>.
    /// </summary>
    public static SafeFileHandle Open(string path, out FileStamp stamp)
    {
        // FileShare.ReadWrite | Delete: never get in the way of the program writing or removing frames.
        SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            stamp = new FileStamp(RandomAccess.GetLength(handle), File.GetLastWriteTimeUtc(handle));
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>True, with the reason, when the file is above <see cref="MaxFileLength"/>.</summary>
    public static bool IsTooLarge(FileStamp stamp, out string? reason)
    {
        reason = stamp.Length > MaxFileLength ? $"larger than {MaxFileLength / (1024 * 1024)} MiB ({stamp.Length} bytes)" : null;
        return reason is not null;
    }

    /// <summary>Reads from the start into <paramref name="buffer"/> until it is full or the file ends (it may have been truncated since); the bytes read.</summary>
    public static int ReadAll(SafeFileHandle handle, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = RandomAccess.Read(handle, buffer[total..], total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>
    /// For an exception filter around <see cref="Open"/> and <see cref="ReadAll"/>: a file gone since the scan is
    /// <see cref="FileLoadResult.Gone"/> (not an error), one that cannot be read is <see cref="FileLoadResult.Invalid"/> with the reason.
    /// </summary>
    public static bool IsReadFailure(Exception exception, out FileLoadResult result, out string? reason)
    {
        switch (exception)
        {
            case FileNotFoundException or DirectoryNotFoundException:
                result = FileLoadResult.Gone;
                reason = null;
                return true;
            case IOException or UnauthorizedAccessException:
                result = FileLoadResult.Invalid;
                reason = $"cannot be read: {exception.Message}";
                return true;
            default:
                result = default;
                reason = null;
                return false;
        }
    }
}
