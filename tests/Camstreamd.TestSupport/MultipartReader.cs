using System.Text;

namespace Camstreamd.TestSupport;

/// <summary>
/// A strict reader of our MJPEG stream as a client sees it: checks the boundary lines and headers
/// and returns each part's headers and body. Strict on purpose: it is how the tests prove the framing.
/// </summary>
public sealed class MultipartReader
{
    private readonly Stream _stream;
    private readonly string _delimiter;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _opened;

    public MultipartReader(Stream stream, string boundary)
    {
        _stream = stream;
        _delimiter = "--" + boundary;
    }

    /// <summary>The next part, or null at the closing delimiter or end of stream.</summary>
    public async Task<MultipartPart?> ReadPartAsync(CancellationToken cancellationToken)
    {
        if (!_opened)
        {
            string? first = await ReadLineAsync(cancellationToken);
            if (first != _delimiter)
            {
                throw new InvalidDataException($"expected the opening boundary '{_delimiter}', got '{first}'");
            }

            _opened = true;
        }

        Dictionary<string, string> headers = new(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            string? line = await ReadLineAsync(cancellationToken);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                break;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new InvalidDataException($"malformed part header '{line}'");
            }

            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        int length = int.Parse(headers["Content-Length"], System.Globalization.CultureInfo.InvariantCulture);
        byte[] body = new byte[length];
        await ReadExactlyAsync(body, cancellationToken);
        string? afterBody = await ReadLineAsync(cancellationToken);
        if (afterBody != "")
        {
            throw new InvalidDataException("the JPEG is not followed by CRLF");
        }

        // The next boundary comes right after the part, before the next frame exists.
        string? boundary = await ReadLineAsync(cancellationToken);
        if (boundary != _delimiter && boundary != _delimiter + "--")
        {
            throw new InvalidDataException($"expected a boundary after the part, got '{boundary}'");
        }

        return new MultipartPart(headers, body, DateTimeOffset.UtcNow, boundary == _delimiter + "--");
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        StringBuilder line = new();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return line.Length == 0 ? null : line.ToString();
            }

            byte next = _buffer[_start++];
            if (next == (byte)'\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)next);
            if (line.Length > 1024)
            {
                throw new InvalidDataException("header line too long");
            }
        }
    }

    private async Task ReadExactlyAsync(byte[] destination, CancellationToken cancellationToken)
    {
        int copied = 0;
        while (copied < destination.Length)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                throw new EndOfStreamException("the stream ended inside a JPEG");
            }

            int take = Math.Min(_end - _start, destination.Length - copied);
            Array.Copy(_buffer, _start, destination, copied, take);
            _start += take;
            copied += take;
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await _stream.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }
}
