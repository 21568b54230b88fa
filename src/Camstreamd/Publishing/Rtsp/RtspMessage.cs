using System.Globalization;
using System.Text;

namespace Camstreamd.Publishing.Rtsp;

/// <summary>
/// One RTSP request or response (RFC 2326 §4: a start line, headers, an empty line, then Content-Length bytes
/// of body), read and written whole. Only the handshake before RECORD goes through this type: a few small
/// messages per ffmpeg run, so it reads the head a byte at a time and never reads past the message, which
/// leaves whatever follows (the interleaved media) for the plain copy.
/// </summary>
internal sealed class RtspMessage
{
    /// <summary>Longer heads are not RTSP from ffmpeg or a server: the connection is dropped.</summary>
    private const int MaxHeadBytes = 16 * 1024;

    private const int MaxBodyBytes = 64 * 1024;

    private RtspMessage(string startLine, List<KeyValuePair<string, string>> headers, byte[] body)
    {
        StartLine = startLine;
        Headers = headers;
        Body = body;
    }

    /// <summary><c>ANNOUNCE rtsp://host/path RTSP/1.0</c> or <c>RTSP/1.0 401 Unauthorized</c>.</summary>
    public string StartLine { get; set; }

    public List<KeyValuePair<string, string>> Headers { get; }

    public byte[] Body { get; }

    /// <summary>A request's method (<c>ANNOUNCE</c>), or a response's status code as text (<c>401</c>).</summary>
    public string First => StartLine.Split(' ')[0];

    /// <summary>A response's status code, or 0 for a request.</summary>
    public int Status =>
        StartLine.StartsWith("RTSP/", StringComparison.Ordinal) && StartLine.Split(' ') is [_, string code, ..]
            && int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out int status) ? status : 0;

    public IEnumerable<string> All(string name) =>
        Headers.Where(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)).Select(header => header.Value);

    /// <summary>Sets <paramref name="name"/> to <paramref name="value"/>, replacing any earlier one.</summary>
    public void Set(string name, string value)
    {
        Headers.RemoveAll(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase));
        Headers.Add(new(name, value));
    }

    /// <summary>The next message, or null at the end of the connection before one starts.</summary>
    public static async Task<RtspMessage?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        byte[] head = new byte[MaxHeadBytes];
        byte[] one = new byte[1];
        int length = 0;
        while (length < 4 || head[length - 1] != '\n' || head[length - 2] != '\r' || head[length - 3] != '\n' || head[length - 4] != '\r')
        {
            if (await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                return length == 0 ? null : throw new InvalidDataException("the connection ended inside an RTSP message");
            }

            if (length == MaxHeadBytes)
            {
                throw new InvalidDataException($"an RTSP message head over {MaxHeadBytes} bytes");
            }

            head[length++] = one[0];
        }

        string[] lines = Encoding.UTF8.GetString(head, 0, length - 4).Split("\r\n");
        List<KeyValuePair<string, string>> headers = new();
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }

        RtspMessage message = new(lines[0], headers, []);
        int bodyLength = message.All("Content-Length").Select(value => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : -1).FirstOrDefault();
        if (bodyLength is < 0 or > MaxBodyBytes)
        {
            throw new InvalidDataException($"an RTSP body of an unusable Content-Length");
        }

        byte[] body = new byte[bodyLength];
        for (int read = 0; read < bodyLength;)
        {
            int taken = await stream.ReadAsync(body.AsMemory(read), cancellationToken).ConfigureAwait(false);
            read += taken > 0 ? taken : throw new InvalidDataException("the connection ended inside an RTSP body");
        }

        return new RtspMessage(message.StartLine, headers, body);
    }

    public async Task WriteAsync(Stream stream, CancellationToken cancellationToken)
    {
        StringBuilder text = new StringBuilder(StartLine).Append("\r\n");
        foreach (KeyValuePair<string, string> header in Headers)
        {
            text.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
        }

        byte[] head = Encoding.UTF8.GetBytes(text.Append("\r\n").ToString());
        byte[] whole = [.. head, .. Body];
        await stream.WriteAsync(whole, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
