using System.Globalization;
using System.Runtime.InteropServices;
using Camstreamd.Interop;

namespace Camstreamd.Sources.Command;

/// <summary>
/// A command's standard output cut into JPEG images: one reused read buffer, filled by reads that each follow a
/// poll(2) bounded by the caller's wait, and scanned by <see cref="MjpegStreamScanner"/>. An image is returned as
/// a range of the buffer, valid until the next read. Nothing here allocates once the buffer has grown.
/// </summary>
internal sealed class CommandOutputReader
{
    /// <summary>A pipe holds 64 KiB: room for one more read beyond the largest image.</summary>
    private const int ReadSlack = 64 * 1024;

    private const int InitialBufferLength = 1024 * 1024;

    private readonly TimeProvider _time;
    private readonly int _maxFrameLength;
    private readonly MjpegStreamScanner _scanner;
    private byte[] _buffer = [];
    private int _filled;

    // Bytes of the images (whole or broken) returned since Reset.
    private long _imageBytes;

    public CommandOutputReader(TimeProvider time, int maxFrameLength)
    {
        _time = time;
        _maxFrameLength = maxFrameLength;
        _scanner = new MjpegStreamScanner(maxFrameLength);
    }

    /// <summary>Bytes read since <see cref="Reset"/>.</summary>
    public long Received { get; private set; }

    /// <summary>Bytes neither in an image nor still waiting to be scanned (the last image is still in the buffer).</summary>
    public long SkippedBytes => Math.Max(0, Received - _imageBytes - (_filled - _scanner.Finished));

    /// <summary>Forgets everything read, for a new command.</summary>
    public void Reset()
    {
        _filled = 0;
        Received = 0;
        _imageBytes = 0;
        _scanner.Reset();
        if (_buffer.Length == 0)
        {
            _buffer = new byte[Math.Min(InitialBufferLength, _maxFrameLength + ReadSlack)];
        }
    }

    /// <summary>The bytes of an image <see cref="Read"/> returned.</summary>
    public ReadOnlySpan<byte> Image(int start, int length) => _buffer.AsSpan(start, length);

    /// <summary>
    /// Waits up to <paramref name="maxWait"/> for the next whole or broken image of <paramref name="process"/>'s output
    /// (NeedMore when none came). <paramref name="ended"/> is true when the output reached end of file; an
    /// <see cref="IOException"/> with the reason when reading or waiting failed.
    /// </summary>
    public MjpegScanResult Read(CommandProcess process, TimeSpan maxWait, CancellationToken cancellationToken, out int start, out int length, out string? reason, out bool ended)
    {
        long began = _time.GetTimestamp();
        ended = false;
        while (true)
        {
            MjpegScanResult scan = _scanner.Scan(_buffer.AsSpan(0, _filled), out start, out length, out reason);
            if (scan != MjpegScanResult.NeedMore)
            {
                _imageBytes += length;
                return scan;
            }

            TimeSpan left = maxWait - _time.GetElapsedTime(began);
            if (left <= TimeSpan.Zero || cancellationToken.IsCancellationRequested)
            {
                return MjpegScanResult.NeedMore;
            }

            MakeRoom();
            if (!WaitForOutput(process.OutputDescriptor, left))
            {
                return MjpegScanResult.NeedMore;
            }

            int read;
            try
            {
                read = process.Output.Read(_buffer.AsSpan(_filled));
            }
            catch (IOException ex)
            {
                throw new IOException($"its output could not be read: {ex.Message}", ex);
            }

            if (read == 0)
            {
                ended = true;
                return MjpegScanResult.NeedMore;
            }

            _filled += read;
            Received += read;
        }
    }

    /// <summary>Drops the bytes before the image being read, and grows the buffer (up to the largest image plus one read) when it is full.</summary>
    private void MakeRoom()
    {
        int finished = _scanner.Finished;
        if (finished > 0)
        {
            _buffer.AsSpan(finished, _filled - finished).CopyTo(_buffer);
            _filled -= finished;
            _scanner.Discard(finished);
        }

        if (_filled == _buffer.Length)
        {
            int limit = _maxFrameLength + ReadSlack;
            if (_buffer.Length >= limit)
            {
                // The scanner drops an image before it outgrows the limit; reaching this is a bug.
                throw new InvalidOperationException($"The read buffer is full ({_filled} bytes).");
            }

            Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, limit));
        }
    }

    private static bool WaitForOutput(int descriptor, TimeSpan wait)
    {
        PollFd poll = new() { fd = descriptor, events = Libc.POLLIN };
        int ready = Libc.poll(ref poll, 1, (int)Math.Ceiling(wait.TotalMilliseconds));
        if (ready < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.EINTR)
            {
                return false;
            }

            throw new IOException(string.Create(CultureInfo.InvariantCulture, $"waiting for its output failed (poll errno {errno})"));
        }

        // POLLIN, or POLLHUP/POLLERR: the read that follows tells data from end of file.
        return ready > 0;
    }
}
