using System.Runtime.InteropServices;
using Camstreamd.Interop;

namespace Camstreamd.Sources.Folder;

/// <summary>
/// How both folder readers (<see cref="JpegFileReader"/>, <see cref="GifFileReader"/>) open, bound and read a file. A
/// folder source reads a file for every frame, so this is plain open, statx, pread and close: File.OpenHandle made a
/// finalizable SafeFileHandle per frame, resolved the path again and took two more system calls (issue #12).
/// </summary>
internal static class FolderFileAccess
{
    /// <summary>Files above this are refused rather than growing a buffer without bound.</summary>
    public const long MaxFileLength = 32L * 1024 * 1024;

    /// <summary>
    /// Opens <paramref name="path"/> for reading with its length and write time as they are now (not when it
    /// was listed), so a later change means a later rewrite. Only a regular file: anything else (a FIFO named like a
    /// picture, which a blocking open would wait on) cannot be read. Throws as File.OpenHandle does (<see cref="FileNotFoundException"/>,
    /// <see cref="UnauthorizedAccessException"/>, <see cref="IOException"/>): catch with <see cref="IsReadFailure"/>.
    /// </summary>
    public static OpenedFile Open(string path, out FileStamp stamp)
    {
        // Read-only opens never get in the way of the program writing, renaming or removing frames.
        int descriptor = Libc.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC | Libc.O_NONBLOCK);
        if (descriptor < 0)
        {
            throw ErrorFor(path, Marshal.GetLastPInvokeError());
        }

        OpenedFile file = new(descriptor, path);
        try
        {
            if (Libc.statx(descriptor, "", Libc.AT_EMPTY_PATH, Libc.STATX_TYPE | Libc.STATX_SIZE | Libc.STATX_MTIME, out Statx status) != 0)
            {
                throw ErrorFor(path, Marshal.GetLastPInvokeError());
            }

            if ((status.Mode & Libc.S_IFMT) != Libc.S_IFREG)
            {
                throw new IOException($"'{path}' is not a regular file");
            }

            stamp = new FileStamp((long)status.Size, status.ModifiedUtc);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The length and write time of the file at <paramref name="path"/> now, without opening it; false when it cannot be read.</summary>
    public static bool TryReadStamp(string path, out FileStamp stamp)
    {
        if (Libc.statx(Libc.AT_FDCWD, path, 0, Libc.STATX_SIZE | Libc.STATX_MTIME, out Statx status) != 0)
        {
            stamp = default;
            return false;
        }

        stamp = new FileStamp((long)status.Size, status.ModifiedUtc);
        return true;
    }

    /// <summary>True, with the reason, when the file is above <see cref="MaxFileLength"/>.</summary>
    public static bool IsTooLarge(FileStamp stamp, out string? reason)
    {
        reason = stamp.Length > MaxFileLength ? $"larger than {MaxFileLength / (1024 * 1024)} MiB ({stamp.Length} bytes)" : null;
        return reason is not null;
    }

    /// <summary>Reads from the start into <paramref name="buffer"/> until it is full or the file ends (it may have been truncated since); the bytes read.</summary>
    public static int ReadAll(OpenedFile file, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            nint read = Libc.pread(file.Descriptor, ref buffer[total], (nuint)(buffer.Length - total), total);
            if (read < 0)
            {
                int error = Marshal.GetLastPInvokeError();
                if (error == Errno.EINTR)
                {
                    continue;
                }

                throw ErrorFor(file.Path, error);
            }

            if (read == 0)
            {
                break;
            }

            total += (int)read;
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

    /// <summary>The exception File.OpenHandle would throw for <paramref name="error"/>, with the same messages.</summary>
    private static Exception ErrorFor(string path, int error) => error switch
    {
        Errno.ENOENT => new FileNotFoundException($"Could not find file '{path}'.", path),
        Errno.ENOTDIR => new DirectoryNotFoundException($"Could not find a part of the path '{path}'."),
        Errno.EACCES or Errno.EPERM => new UnauthorizedAccessException($"Access to the path '{path}' is denied."),
        _ => new IOException($"{Marshal.GetPInvokeErrorMessage(error)} : '{path}'", error),
    };
}
