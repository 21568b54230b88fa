using System.Net.Sockets;

namespace Camstreamd.Publishing.Rtsp;

/// <summary>
/// One relayed RTSP session (see <see cref="RtspCredentialRelay"/>): each request of ffmpeg's handshake goes to
/// the server with the server's URL in place of the relay's and the <c>Authorization</c> the server's last
/// challenge asks for; a 401 is answered once per request by repeating it with credentials; every response goes
/// back to ffmpeg as it is. Once RECORD succeeds, the media (interleaved RTP and RTCP) is copied both ways.
/// </summary>
internal sealed class RtspRelaySession
{
    private const int CopyBufferBytes = 64 * 1024;

    private readonly Socket _ffmpeg;
    private readonly Socket _server;
    private readonly string _localBase;
    private readonly string _serverBase;
    private readonly string _userInfo;
    private RtspAuthorization? _authorization;

    public RtspRelaySession(Socket ffmpeg, Socket server, string localBase, string serverBase, string userInfo)
    {
        _ffmpeg = ffmpeg;
        _server = server;
        _localBase = localBase;
        _serverBase = serverBase;
        _userInfo = userInfo;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            RtspMessage? request = await RtspMessage.ReadAsync(_ffmpeg, cancellationToken).ConfigureAwait(false);
            if (request is null)
            {
                return;
            }

            string[] parts = request.StartLine.Split(' ');
            if (parts.Length != 3 || parts[0].StartsWith("RTSP/", StringComparison.Ordinal))
            {
                throw new InvalidDataException("ffmpeg sent something other than an RTSP request");
            }

            string method = parts[0];
            string uri = parts[1].StartsWith(_localBase, StringComparison.Ordinal) ? _serverBase + parts[1][_localBase.Length..] : parts[1];
            request.StartLine = $"{method} {uri} {parts[2]}";
            RtspMessage response = await ExchangeAsync(request, method, uri, cancellationToken).ConfigureAwait(false);
            if (response.Status == 401 && RtspAuthorization.For(response.All("WWW-Authenticate"), _userInfo) is RtspAuthorization answer)
            {
                // A first challenge, or a new nonce: once more with the answer. A second 401 goes to ffmpeg, which reports it.
                _authorization = answer;
                response = await ExchangeAsync(request, method, uri, cancellationToken).ConfigureAwait(false);
            }

            await response.WriteAsync(_ffmpeg, cancellationToken).ConfigureAwait(false);
            if (method == "RECORD" && response.Status == 200)
            {
                break;
            }
        }

        // Publishing: the media, and any later request, passes through untouched until either side closes.
        Task up = CopyAsync(_ffmpeg, _server, cancellationToken);
        Task down = CopyAsync(_server, _ffmpeg, cancellationToken);
        await Task.WhenAny(up, down).ConfigureAwait(false);
        ShutdownQuietly(_server);
        ShutdownQuietly(_ffmpeg);
        await Task.WhenAll(up, down).ConfigureAwait(false);
    }

    private async Task<RtspMessage> ExchangeAsync(RtspMessage request, string method, string uri, CancellationToken cancellationToken)
    {
        if (_authorization is not null)
        {
            request.Set("Authorization", _authorization.HeaderFor(method, uri));
        }

        await request.WriteAsync(_server, cancellationToken).ConfigureAwait(false);
        return await RtspMessage.ReadAsync(_server, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"the server closed the connection after {method}");
    }

    private static async Task CopyAsync(Socket from, Socket to, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[CopyBufferBytes];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false)) > 0)
            {
                for (int sent = 0; sent < read;)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Either side gone: the session is over, which ffmpeg reports in its own words.
        }
        finally
        {
            ShutdownQuietly(to);
        }
    }

    private static void ShutdownQuietly(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }
}
