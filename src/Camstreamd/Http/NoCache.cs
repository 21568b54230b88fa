using Microsoft.AspNetCore.Http;

namespace Camstreamd.Http;

/// <summary>
/// Headers that keep browsers and proxies from caching a live picture; the one list for Kestrel's responses
/// and the direct stream path's hand-written ones.
/// </summary>
internal static class NoCache
{
    private static readonly KeyValuePair<string, string>[] Headers =
    [
        new("Cache-Control", "no-store, no-cache, must-revalidate, proxy-revalidate, max-age=0"),
        new("Pragma", "no-cache"),
        new("Expires", "Thu, 01 Jan 1970 00:00:00 GMT"),
    ];

    /// <summary>The same headers as raw HTTP/1.1 header lines, each ending in CRLF.</summary>
    public static string HeaderLines { get; } = string.Concat(Headers.Select(header => $"{header.Key}: {header.Value}\r\n"));

    public static void Apply(HttpResponse response)
    {
        foreach ((string? name, string? value) in Headers)
        {
            response.Headers[name] = value;
        }
    }
}
