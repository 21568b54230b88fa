using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Camstreamd.Http;

/// <summary>The first request on a connection, when it is a stream request the direct path can serve.</summary>
internal sealed class StreamRequest
{
    private StreamRequest(bool isHead, Dictionary<string, StringValues> query)
    {
        IsHead = isHead;
        Query = query;
    }

    public bool IsHead { get; }

    public Dictionary<string, StringValues> Query { get; }

    /// <summary>
    /// Parses the request line of <paramref name="head"/> (the bytes before the blank line). Returns a
    /// request for <c>GET</c>/<c>HEAD</c> of a stream path (or <c>/?action=stream</c>) over HTTP/1.x;
    /// null for anything else, which Kestrel then serves or rejects as usual.
    /// </summary>
    public static StreamRequest? TryParse(ReadOnlySequence<byte> head, IReadOnlyList<string> streamPaths)
    {
        var reader = new SequenceReader<byte>(head);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> lineBytes, "\r\n"u8))
        {
            lineBytes = head;
        }

        if (lineBytes.Length > 2048)
        {
            return null;
        }

        string line = Encoding.ASCII.GetString(lineBytes);
        string[] parts = line.Split(' ');
        if (parts.Length != 3 || parts[2] is not ("HTTP/1.1" or "HTTP/1.0") || parts[0] is not ("GET" or "HEAD"))
        {
            return null;
        }

        string target = parts[1];
        int question = target.IndexOf('?', StringComparison.Ordinal);
        string path = question < 0 ? target : target[..question];
        Dictionary<string, StringValues> query = question < 0 ? [] : QueryHelpers.ParseQuery(target[question..]);
        bool isStream = streamPaths.Contains(path, StringComparer.Ordinal)
            || (path == "/" && query.TryGetValue("action", out StringValues action) && action == Routes.StreamAction);
        return isStream ? new StreamRequest(parts[0] == "HEAD", query) : null;
    }
}
