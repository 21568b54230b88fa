using System.Text;

namespace Camstreamd.Cli.Receive;

/// <summary>Reads a byte stream in lines, exact counts or up to a delimiter, through one reused buffer.</summary>
internal sealed class BufferedByteReader
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    public BufferedByteReader(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>A line without its CR LF (ASCII), or null at the end of the stream.</summary>
    /// <exception cref="ReceiveFailure">The line is longer than <paramref name="maxLength"/>.</exception>
    public async ValueTask<string?> ReadLineAsync(int maxLength, CancellationToken cancellationToken)
    {
        int scanned = 0;
        while (true)
        {
            int newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                int length = scanned + newline;
                string line = Encoding.ASCII.GetString(_buffer, _start, length).TrimEnd('\r');
                _start += length + 1;
                return line;
            }

            scanned = _end - _start;
            if (scanned > maxLength)
            {
                throw new ReceiveFailure(ReceiveExitCode.DataError, $"a header line longer than {maxLength} bytes: this is not an MJPEG stream");
            }

            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }
    }

    /// <summary>Fills <paramref name="destination"/>; false when the stream ended first.</summary>
    public async ValueTask<bool> ReadExactlyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        int buffered = Math.Min(_end - _start, destination.Length);
        _buffer.AsMemory(_start, buffered).CopyTo(destination);
        _start += buffered;
        destination = destination[buffered..];
        while (!destination.IsEmpty)
        {
            int read = await _stream.ReadAsync(destination, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            destination = destination[read..];
        }

        return true;
    }

    /// <summary>Appends to <paramref name="destination"/> everything before <paramref name="delimiter"/> and consumes the delimiter; false when the stream ended first.</summary>
    public async ValueTask<bool> ReadUntilAsync(byte[] delimiter, FrameBuffer destination, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadOnlySpan<byte> buffered = _buffer.AsSpan(_start, _end - _start);
            int found = buffered.IndexOf(delimiter);
            if (found >= 0)
            {
                destination.Append(buffered[..found]);
                _start += found + delimiter.Length;
                return true;
            }

            // Keep a possible start of the delimiter for the next round.
            int safe = Math.Max(0, buffered.Length - delimiter.Length + 1);
            destination.Append(buffered[..safe]);
            _start += safe;
            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new ReceiveFailure(ReceiveExitCode.DataError, "the stream's framing could not be read: no line break or boundary within 64 KiB");
        }

        int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        return read > 0;
    }
}
