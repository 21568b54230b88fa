using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Camstreamd.Authentication;
using Camstreamd.Streaming;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Camstreamd.Http;

/// <summary>
/// Serves a connection whose first request is a stream straight from the socket, before Kestrel's
/// HTTP layer: each frame goes out with one send from the shared frame buffer, with no per-viewer
/// copy or buffer, as in the C streamers. The response is HTTP/1.1 delimited by closing the
/// connection (<c>Connection: close</c>), which every MJPEG client expects. Any other first request is
/// left unread for Kestrel, so the rest of the server is untouched.
/// </summary>
internal sealed class DirectStreamMiddleware
{
    private const int MaxRequestHeadBytes = 8 * 1024;
    private static readonly TimeSpan RequestHeadTimeout = TimeSpan.FromSeconds(10);

    private readonly StreamSessions _sessions;
    private readonly Authenticator _authenticator;

    public DirectStreamMiddleware(StreamSessions sessions, Authenticator authenticator)
    {
        _sessions = sessions;
        _authenticator = authenticator;
    }

    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        Socket? socket = connection.Features.Get<IConnectionSocketFeature>()?.Socket;
        StreamRequest? request = socket is null ? null : await TakeStreamRequestAsync(connection.Transport.Input, connection.ConnectionClosed).ConfigureAwait(false);
        if (request is null)
        {
            await next(connection).ConfigureAwait(false);
            return;
        }

        await ServeAsync(connection, socket!, request).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the first request head without consuming it, and takes it only when it asks for a stream.
    /// </summary>
    private static async Task<StreamRequest?> TakeStreamRequestAsync(PipeReader input, CancellationToken connectionClosed)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connectionClosed);
        timeout.CancelAfter(RequestHeadTimeout);
        while (true)
        {
            ReadResult read;
            try
            {
                read = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // Timed out, or the client went away before its request (ConnectionResetException is an
                // IOException): leave the closed pipe to Kestrel, which ends such a connection quietly.
                return null;
            }

            ReadOnlySequence<byte> buffer = read.Buffer;
            var reader = new SequenceReader<byte>(buffer);
            if (reader.TryReadTo(out ReadOnlySequence<byte> head, "\r\n\r\n"u8))
            {
                StreamRequest? request = StreamRequest.TryParse(head, Routes.StreamPaths);
                // Take the head only for a stream; otherwise leave every byte for Kestrel.
                input.AdvanceTo(request is null ? buffer.Start : reader.Position);
                return request;
            }

            if (read.IsCompleted || buffer.Length > MaxRequestHeadBytes)
            {
                input.AdvanceTo(buffer.Start);
                return null;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private async Task ServeAsync(ConnectionContext connection, Socket socket, StreamRequest request)
    {
        var sink = new SocketPartSink(socket);
        string address = HttpErrors.AddressOf(connection.RemoteEndPoint);
        CancellationToken closed = connection.ConnectionClosed;
        if (await AuthenticateAsync(connection, request, closed).ConfigureAwait(false) is { } refusal)
        {
            await SendOnceAsync(sink, refusal, closed).ConfigureAwait(false);
            return;
        }

        if (!StreamSessions.TryParseFps(request.Query.TryGetValue("fps", out var fps) ? fps.ToString() : null, out double? fpsLimit, out string? error))
        {
            await SendOnceAsync(sink, ErrorResponse(StatusCodes.Status400BadRequest, error!, retryAfter: false, withBody: !request.IsHead), closed).ConfigureAwait(false);
            return;
        }

        if (request.IsHead)
        {
            await SendOnceAsync(sink, StreamResponseHead, closed).ConfigureAwait(false);
            return;
        }

        StreamClient? client = _sessions.TryAdmit(address, ViewerKind.Mjpeg, fpsLimit, out string? full);
        if (client is null)
        {
            await SendOnceAsync(sink, ErrorResponse(StatusCodes.Status503ServiceUnavailable, full!, retryAfter: true, withBody: true), closed).ConfigureAwait(false);
            return;
        }

        client.OnAbort(connection.Abort);
        SendBufferPolicy.ForNewViewer(socket, _sessions.NewestFrameLength);
        await _sessions.RunAsync(client, sink, StreamResponseHeadAndOpening, slow => SendBufferPolicy.ForPace(socket, slow, _sessions.NewestFrameLength), closed).ConfigureAwait(false);
    }

    /// <summary>Null when the request may stream; otherwise the refusal to send, as <see cref="AuthenticationMiddleware"/> answers on the Kestrel path.</summary>
    private async Task<byte[]?> AuthenticateAsync(ConnectionContext connection, StreamRequest request, CancellationToken closed)
    {
        if (!_authenticator.IsEnabled)
        {
            return null;
        }

        string? token = request.Query.TryGetValue(AccessRules.TokenParameter, out var tokens) && tokens.Count == 1 ? tokens.ToString() : null;
        AuthDecision decision;
        try
        {
            decision = await _authenticator.AuthenticateAsync(request.Authorization, token, tokenAccepted: true, (connection.RemoteEndPoint as IPEndPoint)?.Address, closed).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client left while its password was being checked: nobody to answer.
            return [];
        }

        bool withBody = !request.IsHead;
        return decision.Outcome switch
        {
            AuthOutcome.Allowed => null,
            AuthOutcome.Challenge => ErrorResponse(StatusCodes.Status401Unauthorized, AuthResponses.ChallengeReason, retryAfter: false, withBody, $"WWW-Authenticate: {AuthResponses.Challenge}\r\n"),
            AuthOutcome.LockedOut => ErrorResponse(StatusCodes.Status429TooManyRequests, AuthResponses.LockedOutReason, retryAfter: false, withBody, $"Retry-After: {AuthResponses.RetryAfter(decision.RetryAfter)}\r\n"),
            _ => ErrorResponse(StatusCodes.Status503ServiceUnavailable, AuthResponses.BusyReason, retryAfter: false, withBody, $"Retry-After: {AuthResponses.RetryAfter(decision.RetryAfter)}\r\n"),
        };
    }

    private static ReadOnlyMemory<byte> StreamResponseHead { get; } = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\n" + StreamHeaders.HeaderLines + "Connection: close\r\n\r\n");

    private static ReadOnlyMemory<byte> StreamResponseHeadAndOpening { get; } = (byte[])[.. StreamResponseHead.Span, .. MultipartFormat.Opening.Span];

    // A one-off answer to a client that may already be gone: a reset is its business, not an error to log.
    private static async Task SendOnceAsync(SocketPartSink sink, ReadOnlyMemory<byte> bytes, CancellationToken closed)
    {
        try
        {
            await MjpegStreamWriter.SendAllAsync(sink, bytes, closed).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    /// <summary>The Kestrel path's error answer; for HEAD (<paramref name="withBody"/> false) the head alone, as Kestrel does.</summary>
    private static byte[] ErrorResponse(int statusCode, string reason, bool retryAfter, bool withBody, string extraHeaderLines = "")
    {
        string body = HttpErrors.Body(statusCode, reason);
        string retry = retryAfter ? $"Retry-After: {StreamHeaders.RetryAfterWhenRefused}\r\n" : "";
        return Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"HTTP/1.1 {statusCode} {ReasonPhrases.GetReasonPhrase(statusCode)}\r\nContent-Type: {HttpErrors.ContentType}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n{NoCache.HeaderLines}{retry}{extraHeaderLines}Connection: close\r\n\r\n{(withBody ? body : "")}"));
    }
}
