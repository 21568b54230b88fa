using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Camstreamd.Cli.Receive;

/// <summary>
/// An MJPEG stream over HTTP (multipart/x-mixed-replace): ours, mjpg-streamer's, ustreamer's, an IP camera's.
/// Parts with a Content-Length are read by count; parts without one up to the next boundary. An X-Timestamp
/// part header (ours, ustreamer's, mjpg-streamer's) gives the frame's capture time.
/// </summary>
internal sealed class MjpegHttpConnection : IFrameConnection
{
    private const int MaxHeaderLine = 8 * 1024;

    private readonly HttpResponseMessage _response;
    private readonly Stream _body;
    private readonly BufferedByteReader _reader;
    private readonly string _boundary;
    private readonly byte[] _delimiter;
    private readonly string _display;

    private MjpegHttpConnection(HttpResponseMessage response, Stream body, string boundary, string display)
    {
        _response = response;
        _body = body;
        _reader = new BufferedByteReader(body);
        _boundary = boundary;
        _delimiter = Encoding.ASCII.GetBytes("\r\n--" + boundary);
        _display = display;
    }

    public static async Task<IFrameConnection> ConnectAsync(HttpClient client, StreamUrl url, CancellationToken cancellationToken)
    {
        using HttpRequestMessage request = new(HttpMethod.Get, url.Uri);
        if (url.BasicAuthorization is string authorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new ConnectionLost($"cannot connect: {exception.InnerException?.Message ?? exception.Message}", exception);
        }

        try
        {
            CheckResponse(response, url.Display);
            string boundary = BoundaryOf(response.Content.Headers.ContentType, url.Display);
            Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new MjpegHttpConnection(response, body, boundary, url.Display);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The part reader over a response body already known to be multipart with <paramref name="boundary"/> (the fuzz
    /// target's memory); <see cref="ConnectAsync"/> is the real way in.
    /// </summary>
    public static MjpegHttpConnection Over(Stream body, string boundary, string display) => new(new HttpResponseMessage(), body, boundary, display);

    public async ValueTask ReadFrameAsync(FrameBuffer frame, CancellationToken cancellationToken)
    {
        try
        {
            (long? contentLength, DateTimeOffset? capturedAt) = await ReadPartHeadAsync(cancellationToken).ConfigureAwait(false);
            if (contentLength is long length)
            {
                if (length > FrameBuffer.MaxFrameBytes)
                {
                    throw new ReceiveFailure(ReceiveExitCode.DataError, string.Create(CultureInfo.InvariantCulture, $"{_display} announced a part of {length} bytes, over the 64 MiB limit for a frame"));
                }

                if (!await _reader.ReadExactlyAsync(frame.Reset((int)length), cancellationToken).ConfigureAwait(false))
                {
                    throw new ConnectionLost("the sender closed the stream in the middle of a frame");
                }
            }
            else
            {
                frame.Reset(0);
                if (!await _reader.ReadUntilAsync(_delimiter, frame, cancellationToken).ConfigureAwait(false))
                {
                    throw new ConnectionLost("the sender closed the stream in the middle of a frame");
                }

                // The rest of the boundary line ("" or "--" for the last) is read with the next part's head.
            }

            frame.CapturedAt = capturedAt;
        }
        catch (IOException exception)
        {
            throw new ConnectionLost($"connection lost: {exception.InnerException?.Message ?? exception.Message}", exception);
        }
        catch (HttpRequestException exception)
        {
            throw new ConnectionLost($"connection lost: {exception.InnerException?.Message ?? exception.Message}", exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _body.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
    }

    private async ValueTask<(long? ContentLength, DateTimeOffset? CapturedAt)> ReadPartHeadAsync(CancellationToken cancellationToken)
    {
        bool sawHeader = false;
        long? contentLength = null;
        DateTimeOffset? capturedAt = null;
        while (true)
        {
            string line = await _reader.ReadLineAsync(MaxHeaderLine, cancellationToken).ConfigureAwait(false)
                ?? throw new ConnectionLost("the sender ended the stream");
            if (line.Length == 0)
            {
                if (sawHeader)
                {
                    return (contentLength, capturedAt);
                }

                continue;
            }

            if (!sawHeader && line.StartsWith("--", StringComparison.Ordinal))
            {
                // A boundary line, or the rest of one; "--boundary--" (or a lone "--" after it) ends the stream.
                if (line == "--" || line == $"--{_boundary}--")
                {
                    throw new ConnectionLost("the sender ended the stream");
                }

                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new ReceiveFailure(ReceiveExitCode.DataError, $"{_display} sent '{Shorten(line)}' where a part header or boundary belongs: not a multipart MJPEG stream");
            }

            // A header (some cameras leave out the boundary before the first part).
            sawHeader = true;
            string name = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long length)
                    ? length
                    : throw new ReceiveFailure(ReceiveExitCode.DataError, $"{_display} sent a part with Content-Length '{Shorten(value)}'");
            }
            else if (name.Equals("X-Timestamp", StringComparison.OrdinalIgnoreCase))
            {
                capturedAt = ParseTimestamp(value);
            }
        }
    }

    private static void CheckResponse(HttpResponseMessage response, string display)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        string status = string.Create(CultureInfo.InvariantCulture, $"{(int)response.StatusCode} {response.ReasonPhrase}");
        if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
        {
            // Busy (503 over Streaming:MaxClients) or restarting: worth another try.
            throw new ConnectionLost($"the server answered {status}");
        }

        throw new ReceiveFailure(ReceiveExitCode.Unavailable, $"{display} answered {status}");
    }

    private static string BoundaryOf(MediaTypeHeaderValue? contentType, string display)
    {
        string? boundary = contentType?.Parameters.FirstOrDefault(p => p.Name.Equals("boundary", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"');
        if (contentType?.MediaType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) != true || string.IsNullOrEmpty(boundary))
        {
            throw new ReceiveFailure(
                ReceiveExitCode.DataError,
                $"{display} is not an MJPEG stream (Content-Type: {contentType?.ToString() ?? "none"}); give the stream's URL, e.g. http://HOST:8080/stream");
        }

        // Some cameras declare the boundary with the leading dashes of the delimiter line.
        return boundary.StartsWith("--", StringComparison.Ordinal) ? boundary[2..] : boundary;
    }

    private static DateTimeOffset? ParseTimestamp(string value)
    {
        // Unix seconds with a fraction, as ustreamer, mjpg-streamer and camstreamd send it.
        if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal seconds) && seconds > 0 && seconds < 32_503_680_000m)
        {
            return DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        }

        return null;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 60), "…");
}
