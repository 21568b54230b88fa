using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Camstreamd.Authentication;
using Camstreamd.Http.Limits;
using Camstreamd.Streaming;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Camstreamd.Http;

/// <summary>
/// Serves a connection whose first request is a stream straight from the socket, before Kestrel's
/// HTTP layer: each frame goes out with one send from the shared frame buffer, with no per-viewer
/// copy or buffer, as in the C streamers. The response is HTTP/1.1 delimited by closing the
/// connection (<c>Connection: close</c>), which every MJPEG client expects. Any other first request is
/// left unread for Kestrel, so the rest of the server is untouched. Every connection passes here first, so this
/// is where the first request head is bounded: its size, its time (<see cref="KestrelLimits"/>, as Kestrel's own
/// for later requests) and how many connections may wait for theirs at once (<see cref="PendingRequestHeads"/>).
/// </summary>
internal sealed class DirectStreamMiddleware
{
    private readonly StreamSessions _sessions;
    private readonly Authenticator _authenticator;
    private readonly PendingRequestHeads _pending;
    private readonly ILogger<DirectStreamMiddleware> _logger;

    public DirectStreamMiddleware(StreamSessions sessions, Authenticator authenticator, PendingRequestHeads pending, ILogger<DirectStreamMiddleware> logger)
    {
        _sessions = sessions;
        _authenticator = authenticator;
        _pending = pending;
        _logger = logger;
    }

    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        Socket? socket = connection.Features.Get<IConnectionSocketFeature>()?.Socket;
        if (socket is null)
        {
            await next(connection).ConfigureAwait(false);
            return;
        }

        FirstRequest first;
        StreamRequest? request;
        using (_pending.Enter(connection))
        {
            (first, request) = await TakeStreamRequestAsync(connection.Transport.Input, connection.ConnectionClosed).ConfigureAwait(false);
        }

        switch (first)
        {
            case FirstRequest.Stream:
                await ServeAsync(connection, socket, request!).ConfigureAwait(false);
                break;
            case FirstRequest.TimedOut:
                Limits.Log.RequestHeadTimedOut(_logger, HttpErrors.AddressOf(connection.RemoteEndPoint), KestrelLimits.RequestHeadTimeout.TotalSeconds);
                await SendOnceAsync(new SocketPartSink(socket), RequestHeadTimeoutResponse, connection.ConnectionClosed).ConfigureAwait(false);
                break;
            case FirstRequest.Gone:
                // Went away, or closed by PendingRequestHeads: nothing to answer, the transport closes it.
                break;
            default:
                await next(connection).ConfigureAwait(false);
                break;
        }
    }

    private enum FirstRequest
    {
        /// <summary>Not a stream request (or not even HTTP): every byte left for Kestrel, which answers it.</summary>
        ForKestrel,

        /// <summary>A stream request, its head taken.</summary>
        Stream,

        /// <summary>Part of a head, but not all of it, within <see cref="KestrelLimits.RequestHeadTimeout"/>.</summary>
        TimedOut,

        /// <summary>The connection ended before its head, or sent nothing at all in time.</summary>
        Gone,
    }

    /// <summary>
    /// Reads the first request head without consuming it, and takes it only when it asks for a stream.
    /// </summary>
    private static async Task<(FirstRequest First, StreamRequest? Request)> TakeStreamRequestAsync(PipeReader input, CancellationToken connectionClosed)
    {
        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(connectionClosed);
        timeout.CancelAfter(KestrelLimits.RequestHeadTimeout);
        long received = 0;
        while (true)
        {
            ReadResult read;
            try
            {
                read = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // Timed out, or the client went away before its request (ConnectionResetException is an IOException).
                // A connection that sent nothing (a browser's preconnect) is closed without an answer, as Kestrel does.
                bool gone = connectionClosed.IsCancellationRequested || e is IOException || received == 0;
                return (gone ? FirstRequest.Gone : FirstRequest.TimedOut, null);
            }

            ReadOnlySequence<byte> buffer = read.Buffer;
            received = buffer.Length;
            SequenceReader<byte> reader = new(buffer);
            if (reader.TryReadTo(out ReadOnlySequence<byte> head, "\r\n\r\n"u8))
            {
                // Larger, or more fields, than Kestrel allows: Kestrel's to refuse (431), as it would any later request.
                bool overLimits = head.Length > KestrelLimits.MaxRequestHeadBytes || CountLines(head) > KestrelLimits.MaxRequestHeaderCount + 1;
                StreamRequest? request = overLimits ? null : StreamRequest.TryParse(head, Routes.StreamPaths);
                // Take the head only for a stream; otherwise leave every byte for Kestrel.
                input.AdvanceTo(request is null ? buffer.Start : reader.Position);
                return (request is null ? FirstRequest.ForKestrel : FirstRequest.Stream, request);
            }

            if (read.IsCanceled)
            {
                input.AdvanceTo(buffer.Start);
                return (FirstRequest.Gone, null);
            }

            // Too large (Kestrel answers 431 with the same limit), or the client finished sending: Kestrel's to answer.
            if (read.IsCompleted || buffer.Length > KestrelLimits.MaxRequestHeadBytes)
            {
                input.AdvanceTo(buffer.Start);
                return (FirstRequest.ForKestrel, null);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static long CountLines(ReadOnlySequence<byte> head)
    {
        SequenceReader<byte> reader = new(head);
        long lines = 1;
        while (reader.TryAdvanceTo((byte)'\n'))
        {
            lines++;
        }

        return lines;
    }

    private async Task ServeAsync(ConnectionContext connection, Socket socket, StreamRequest request)
    {
        SocketPartSink sink = new(socket);
        string address = HttpErrors.AddressOf(connection.RemoteEndPoint);
        CancellationToken closed = connection.ConnectionClosed;
        if (await AuthenticateAsync(connection, request, closed).ConfigureAwait(false) is { } denied)
        {
            await SendOnceAsync(sink, denied, closed).ConfigureAwait(false);
            return;
        }

        if (!StreamSessions.TryParseFps(request.Query.TryGetValue("fps", out StringValues fps) ? fps.ToString() : null, out double? fpsLimit, out string? error))
        {
            await SendOnceAsync(sink, ErrorResponse(StatusCodes.Status400BadRequest, error!, retryAfter: false, withBody: !request.IsHead), closed).ConfigureAwait(false);
            return;
        }

        if (request.IsHead)
        {
            await SendOnceAsync(sink, StreamResponseHead, closed).ConfigureAwait(false);
            return;
        }

        StreamClient? client = _sessions.TryAdmit(address, ViewerKind.Mjpeg, fpsLimit, out ViewerRefusal? refusal);
        if (client is null)
        {
            await SendOnceAsync(sink, ErrorResponse(StreamHeaders.StatusWhenRefused(refusal!), refusal!.Reason, retryAfter: true, withBody: true), closed).ConfigureAwait(false);
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

        string? token = request.Query.TryGetValue(AccessRules.TokenParameter, out StringValues tokens) && tokens.Count == 1 ? tokens.ToString() : null;
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

    private static ReadOnlyMemory<byte> RequestHeadTimeoutResponse { get; } = ErrorResponse(
        StatusCodes.Status408RequestTimeout,
        $"no complete request head within {KestrelLimits.RequestHeadTimeout.TotalSeconds} s",
        retryAfter: false,
        withBody: true);

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
