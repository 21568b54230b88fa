using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Publishing.Rtsp;

/// <summary>
/// Keeps an RTSP target's <c>user:password</c> off ffmpeg's command line, which <c>ps</c> and <c>systemctl
/// status</c> show: ffmpeg 5.1 takes RTSP credentials only inside the output URL (no option, no file). So
/// ffmpeg publishes to this relay on 127.0.0.1 with a URL that holds neither the credentials nor the server's
/// path, and the relay forwards its session to the server over a connection opened before ffmpeg starts,
/// answering the server's challenge (Digest or Basic) itself. For <c>rtsps://</c> the relay does the TLS
/// (<see cref="RtspServerConnection"/>: ffmpeg speaks plain RTSP to it), so every RTSPS target comes through it,
/// with or without credentials, and its certificate is checked one way. Over UDP it forwards the media too
/// (<see cref="RtpUdpRelay"/>). After RECORD it copies the connection both ways untouched.
/// One relay per ffmpeg run, serving one connection; its lifetime is the run's: disposing it closes everything.
/// </summary>
internal sealed class RtspRelay : IAsyncDisposable
{
    /// <summary>The path ffmpeg is given; the relay puts the server's own path back.</summary>
    private const string LocalPath = "/camstreamd";

    /// <summary>How long the stop waits for the relay's task after closing its sockets (it ends at once then).</summary>
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(5);

    private readonly PublishUrl _url;
    private readonly Socket _listener;
    private readonly RtspServerConnection _server;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private Socket? _ffmpeg;

    private RtspRelay(PublishUrl url, Socket listener, RtspServerConnection server, ILogger logger)
    {
        _url = url;
        _listener = listener;
        _server = server;
        _logger = logger;
        LocalUrl = $"rtsp://127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}{LocalPath}";
        _serving = ServeAsync();
    }

    /// <summary>The URL ffmpeg publishes to: no credentials, no server path.</summary>
    public string LocalUrl { get; }

    /// <summary>Why the relayed session ended early (the server closed, bad RTSP), or null; its text never holds the password.</summary>
    public string? Failure { get; private set; }

    /// <summary>An <c>rtsp://user:password@</c> target, and every <c>rtsps://</c> one, goes through the relay; others publish directly.</summary>
    public static bool IsNeeded(PublishUrl url) => url.Scheme == "rtsps" || (url.Scheme == "rtsp" && url.UserInfo is not null);

    /// <summary>Connects to the target's server (and for rtsps:// checks its certificate against <paramref name="pin"/> or the system's roots), then listens for ffmpeg.</summary>
    /// <exception cref="SocketException">The server cannot be reached.</exception>
    /// <exception cref="TimeoutException">The server did not answer in time.</exception>
    /// <exception cref="AuthenticationException">TLS failed or the server's certificate is not trusted.</exception>
    /// <exception cref="IOException">The server closed the connection during the TLS handshake.</exception>
    public static async Task<RtspRelay> OpenAsync(PublishUrl url, byte[]? pin, ILogger logger, CancellationToken cancellationToken)
    {
        RtspServerConnection server = await RtspServerConnection.OpenAsync(url, pin, cancellationToken).ConfigureAwait(false);
        Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            RtspRelay relay = new(url, listener, server, logger);
            Log.RelayOpened(logger, url.Redacted, relay.LocalUrl, server.Description);
            return relay;
        }
        catch
        {
            server.Dispose();
            listener.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        _server.Dispose();
        Volatile.Read(ref _ffmpeg)?.Dispose();
        try
        {
            await _serving.WaitAsync(StopWait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Its sockets are closed: it ends on its own.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        RtspRelaySession? session = null;
        try
        {
            // One connection: ffmpeg's. Another user's process racing it to the port is turned away (the session
            // would publish under our account); the listener closes at the first of ours, so nothing else gets it.
            Socket ffmpeg;
            while (!LoopbackPeer.IsSameUser(ffmpeg = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false)))
            {
                ffmpeg.Dispose();
            }

            Volatile.Write(ref _ffmpeg, ffmpeg);
            _listener.Dispose();
            ffmpeg.NoDelay = true;
            if (_stop.IsCancellationRequested)
            {
                ffmpeg.Dispose();
                return;
            }

            session = new(ffmpeg, _server, LocalUrl, $"{_url.Scheme}://{_url.HostAndPort}{_url.PathAndQuery}", _url.UserInfo,
                (ffmpegPorts, outward, server) => Log.RelayUdp(_logger, _url.Redacted, $"{ffmpegPorts.Rtp}-{ffmpegPorts.Rtcp}", $"{outward.Rtp}-{outward.Rtcp}", $"{server.Rtp}-{server.Rtcp}"));
            await session.RunAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException or IOException or InvalidDataException)
        {
            Failure = _url.Mask(exception.Message);
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }

            Volatile.Read(ref _ffmpeg)?.Dispose();
            _server.Dispose();
        }
    }
}
