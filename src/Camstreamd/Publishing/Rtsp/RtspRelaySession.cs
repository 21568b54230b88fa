using System.Net.Security;
using System.Net.Sockets;

namespace Camstreamd.Publishing.Rtsp;

/// <summary>
/// One relayed RTSP session (see <see cref="RtspRelay"/>): each request of ffmpeg's handshake goes to the server
/// with the server's URL in place of the relay's and the <c>Authorization</c> the server's last challenge asks for;
/// a 401 is answered once per request by repeating it with credentials; every response goes back to ffmpeg as it
/// is, except a SETUP's over UDP, whose ports the relay swaps for its own (<see cref="RtpUdpRelay"/>). Once RECORD
/// succeeds, the connection (interleaved RTP and RTCP, or the control alone over UDP) is copied both ways.
/// </summary>
internal sealed class RtspRelaySession : IAsyncDisposable
{
    private const int CopyBufferBytes = 64 * 1024;

    private readonly Socket _ffmpegSocket;
    private readonly NetworkStream _ffmpeg;
    private readonly RtspServerConnection _server;
    private readonly string _localBase;
    private readonly string _serverBase;
    private readonly string? _userInfo;
    private readonly Action<(int Rtp, int Rtcp), (int Rtp, int Rtcp), (int Rtp, int Rtcp)> _onUdp;
    private readonly List<RtpUdpRelay> _udp = [];
    private RtspAuthorization? _authorization;

    /// <param name="onUdp">Told ffmpeg's, the relay's outward and the server's ports of each stream over UDP, for the log.</param>
    public RtspRelaySession(Socket ffmpeg, RtspServerConnection server, string localBase, string serverBase, string? userInfo, Action<(int Rtp, int Rtcp), (int Rtp, int Rtcp), (int Rtp, int Rtcp)> onUdp)
    {
        _ffmpegSocket = ffmpeg;
        _ffmpeg = new NetworkStream(ffmpeg, ownsSocket: false);
        _server = server;
        _localBase = localBase;
        _serverBase = serverBase;
        _userInfo = userInfo;
        _onUdp = onUdp;
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
            RtpUdpRelay? udp = method == "SETUP" ? OpenUdp(request) : null;
            RtspMessage response = await ExchangeAsync(request, method, uri, cancellationToken).ConfigureAwait(false);
            if (response.Status == 401 && _userInfo is not null && RtspAuthorization.For(response.All("WWW-Authenticate"), _userInfo) is RtspAuthorization answer)
            {
                // A first challenge, or a new nonce: once more with the answer. A second 401 goes to ffmpeg, which reports it.
                _authorization = answer;
                response = await ExchangeAsync(request, method, uri, cancellationToken).ConfigureAwait(false);
            }

            if (udp is not null)
            {
                StartUdp(udp, response);
            }

            await response.WriteAsync(_ffmpeg, cancellationToken).ConfigureAwait(false);
            if (method == "RECORD" && response.Status == 200)
            {
                break;
            }
        }

        // Publishing: the media, and any later request, passes through untouched until either side closes.
        Task up = CopyAsync(_ffmpeg, _server.Stream, _server.Socket, cancellationToken);
        Task down = CopyAsync(_server.Stream, _ffmpeg, _ffmpegSocket, cancellationToken);
        await Task.WhenAny(up, down).ConfigureAwait(false);
        await ShutdownQuietlyAsync(_server.Stream, _server.Socket).ConfigureAwait(false);
        await ShutdownQuietlyAsync(_ffmpeg, _ffmpegSocket).ConfigureAwait(false);
        await Task.WhenAll(up, down).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (RtpUdpRelay udp in _udp)
        {
            await udp.DisposeAsync().ConfigureAwait(false);
        }

        await _ffmpeg.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>For a SETUP over UDP: a port relay, with the request's client_port replaced by the relay's outward pair.</summary>
    private RtpUdpRelay? OpenUdp(RtspMessage setup)
    {
        if (setup.All("Transport").FirstOrDefault() is not string transport || !RtspTransport.IsUdp(transport))
        {
            return null;
        }

        RtpUdpRelay udp = RtpUdpRelay.Open(_server.Address, RtspTransport.Ports(transport, RtspTransport.ClientPort)!.Value);
        _udp.Add(udp);
        setup.Set("Transport", RtspTransport.WithPorts(transport, RtspTransport.ClientPort, udp.Outward.Ports));
        return udp;
    }

    /// <summary>
    /// For the server's answer to a SETUP over UDP: forwarding starts, and ffmpeg is told its own client_port and the
    /// relay's loopback pair as server_port, with no source address that would send its media past the relay.
    /// </summary>
    private void StartUdp(RtpUdpRelay udp, RtspMessage response)
    {
        if (response.Status != 200)
        {
            return;
        }

        string transport = response.All("Transport").FirstOrDefault() ?? throw new InvalidDataException("the server answered a SETUP without a Transport header");
        (int Rtp, int Rtcp) server = RtspTransport.Ports(transport, RtspTransport.ServerPort)
            ?? throw new InvalidDataException("the server answered a SETUP over UDP without server_port (it may not take RTP over UDP: try Transport tcp)");
        udp.Start(server);
        _onUdp(udp.FfmpegPorts, udp.Outward.Ports, server);
        string toFfmpeg = RtspTransport.WithoutAddresses(transport);
        toFfmpeg = RtspTransport.WithPorts(toFfmpeg, RtspTransport.ClientPort, udp.FfmpegPorts);
        response.Set("Transport", RtspTransport.WithPorts(toFfmpeg, RtspTransport.ServerPort, udp.Local.Ports));
    }

    private async Task<RtspMessage> ExchangeAsync(RtspMessage request, string method, string uri, CancellationToken cancellationToken)
    {
        if (_authorization is not null)
        {
            request.Set("Authorization", _authorization.HeaderFor(method, uri));
        }

        await request.WriteAsync(_server.Stream, cancellationToken).ConfigureAwait(false);
        return await RtspMessage.ReadAsync(_server.Stream, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"the server closed the connection after {method}");
    }

    private static async Task CopyAsync(Stream from, Stream to, Socket toSocket, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[CopyBufferBytes];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Either side gone: the session is over, which ffmpeg reports in its own words.
        }
        finally
        {
            await ShutdownQuietlyAsync(to, toSocket).ConfigureAwait(false);
        }
    }

    /// <summary>Ends the sending half: TLS's close_notify first where there is TLS, then the TCP FIN.</summary>
    private static async Task ShutdownQuietlyAsync(Stream stream, Socket socket)
    {
        try
        {
            if (stream is SslStream tls)
            {
                await tls.ShutdownAsync().ConfigureAwait(false);
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or InvalidOperationException or NotSupportedException)
        {
            // Already closed.
        }
    }
}
