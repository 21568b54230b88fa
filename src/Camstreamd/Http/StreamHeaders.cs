using Camstreamd.Streaming;
using Microsoft.AspNetCore.Http;

namespace Camstreamd.Http;

/// <summary>The head of a stream answer, the same on Kestrel's path and on the direct one.</summary>
internal static class StreamHeaders
{
    /// <summary>Seconds a refused viewer is told to wait before trying again (Retry-After).</summary>
    public const string RetryAfterWhenRefused = "5";

    /// <summary>
    /// 429 when the viewer's own address holds <c>Streaming:MaxClientsPerAddress</c> streams (it is that client's doing),
    /// 503 when the server is full or stopping; both with Retry-After and the reason.
    /// </summary>
    public static int StatusWhenRefused(ViewerRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal.FromAddressLimit ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable;
    }

    // nginx would otherwise buffer a response that never ends.
    private const string AccelBuffering = "X-Accel-Buffering";

    /// <summary>The headers as raw HTTP/1.1 header lines, each ending in CRLF, for the direct path.</summary>
    public static string HeaderLines { get; } =
        $"Content-Type: {MultipartFormat.ContentType}\r\n" + NoCache.HeaderLines + $"{AccelBuffering}: no\r\n";

    /// <summary>Status 200 and the headers on a Kestrel response of a stream of <paramref name="contentType"/> (MJPEG or GIF).</summary>
    public static void Apply(HttpResponse response, string contentType)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        NoCache.Apply(response);
        response.Headers[AccelBuffering] = "no";
    }
}
