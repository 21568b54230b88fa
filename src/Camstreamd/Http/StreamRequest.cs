using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Camstreamd.Http;

/// <summary>The first request on a connection, when it is a stream request the direct path can serve.</summary>
internal sealed class StreamRequest
{
    private StreamRequest(bool isHead, Dictionary<string, StringValues> query, string? authorization)
    {
        IsHead = isHead;
        Query = query;
        Authorization = authorization;
    }

    public bool IsHead { get; }

    /// <summary>The <c>Authorization</c> header's value when there is exactly one; null otherwise.</summary>
    public string? Authorization { get; }

    public Dictionary<string, StringValues> Query { get; }

    /// <summary>
    /// Parses the request line of <paramref name="head"/> (the bytes before the blank line). Returns a
    /// request for <c>GET</c>/<c>HEAD</c> of a stream path (or <c>/?action=stream</c>) over HTTP/1.x;
    /// null for anything else, which Kestrel then serves or rejects as usual.
    /// </summary>
    public static StreamRequest? TryParse(ReadOnlySequence<byte> head, IReadOnlyList<string> streamPaths)
    {
        SequenceReader<byte> reader = new(head);
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
        return isStream ? new StreamRequest(parts[0] == "HEAD", query, FindAuthorization(ref reader)) : null;
    }

    /// <summary>The one <c>Authorization</c> header among the header lines after the request line (two count as none).</summary>
    private static string? FindAuthorization(ref SequenceReader<byte> reader)
    {
        string? found = null;
        int count = 0;
        while (!reader.End)
        {
            if (!reader.TryReadTo(out ReadOnlySequence<byte> lineBytes, "\r\n"u8))
            {
                lineBytes = reader.UnreadSequence;
                reader.AdvanceToEnd();
            }

            string line = Encoding.ASCII.GetString(lineBytes);
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                found = line[(colon + 1)..].Trim();
                count++;
            }
        }

        return count == 1 ? found : null;
    }
}
