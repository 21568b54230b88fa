using Camstreamd.Frames;
using Camstreamd.Jpeg;
using Camstreamd.TurboJpeg;

namespace Camstreamd.Sources.Folder;

/// <summary>
/// Reads a JPEG file straight into a rented frame's buffer and checks it: whole (SOI..EOI) and with a
/// header libjpeg-turbo can read, which also gives the picture's size (read once per file and stamp: <see cref="JpegHeaderCache"/>).
/// Not thread-safe (one decompressor).
/// </summary>
internal sealed class JpegFileReader : IDisposable
{
    private readonly TurboJpegDecompressor _decompressor = new();
    private readonly JpegHeaderCache _headers = new();

    /// <summary>
    /// On <see cref="FileLoadResult.Loaded"/>, <paramref name="frame"/> holds the JPEG (not yet completed) and
    /// its size is in <paramref name="header"/>. <paramref name="stamp"/> is the file's length and write time
    /// as they were when it was read (not when it was listed), so a later change means a later rewrite.
    /// </summary>
    public FileLoadResult Load(string path, FramePool pool, out Frame? frame, out int length, out JpegHeader header, out string? reason, out FileStamp stamp)
    {
        stamp = default;
        frame = null;
        length = 0;
        header = default;
        reason = null;
        Frame? rented = null;
        try
        {
            using OpenedFile opened = FolderFileAccess.Open(path, out stamp);
            if (FolderFileAccess.IsTooLarge(stamp, out reason))
            {
                return FileLoadResult.Invalid;
            }

            if (stamp.Length < JpegValidator.MinimumLength)
            {
                reason = JpegValidator.TooShortReason;
                return FileLoadResult.Invalid;
            }

            rented = pool.Rent((int)stamp.Length);
            Span<byte> buffer = rented.WritableBuffer[..(int)stamp.Length];
            int total = FolderFileAccess.ReadAll(opened, buffer);
            if (!JpegValidator.TryValidate(buffer[..total], out length, out reason))
            {
                return Fail(ref rented, FileLoadResult.Invalid);
            }

            if (!_headers.TryGet(path, stamp, out header))
            {
                if (!_decompressor.TryReadHeader(buffer[..length], out header))
                {
                    reason = $"libjpeg-turbo cannot read its header: {_decompressor.LastError}";
                    return Fail(ref rented, FileLoadResult.Invalid);
                }

                _headers.Add(path, stamp, header);
            }

            frame = rented;
            rented = null;
            return FileLoadResult.Loaded;
        }
        catch (Exception ex) when (FolderFileAccess.IsReadFailure(ex, out FileLoadResult failed, out reason))
        {
            return Fail(ref rented, failed);
        }
        finally
        {
            rented?.Release();
        }
    }

    /// <summary>
    /// The picture size of a file from its first bytes only (the frame header comes long before the
    /// picture data); for describing the source at Open, before any frame is read. Allocates a small buffer.
    /// </summary>
    public bool TryReadSize(string path, out JpegHeader header)
    {
        header = default;
        try
        {
            using OpenedFile opened = FolderFileAccess.Open(path, out FileStamp stamp);
            byte[] start = new byte[(int)Math.Min(stamp.Length, 64 * 1024)];
            int read = FolderFileAccess.ReadAll(opened, start);
            return _decompressor.TryReadHeader(start.AsSpan(0, read), out header);
        }
        catch (Exception ex) when (FolderFileAccess.IsReadFailure(ex, out _, out _))
        {
            return false;
        }
    }

    public void Dispose() => _decompressor.Dispose();

    private static FileLoadResult Fail(ref Frame? rented, FileLoadResult result)
    {
        rented?.Release();
        rented = null;
        return result;
    }
}
