using System.Net;
using System.Net.Sockets;
using Camstreamd.Configuration;

namespace Camstreamd.Publishing.Rtsp;

/// <summary>
/// Keeps an RTSP target's <c>user:password</c> off ffmpeg's command line, which <c>ps</c> and <c>systemctl
/// status</c> show: ffmpeg 5.1 takes RTSP credentials only inside the output URL (no option, no file). So
/// ffmpeg publishes to this relay on 127.0.0.1 with a URL that holds neither the credentials nor the server's
/// path, and the relay forwards its session to the server over a connection opened before ffmpeg starts,
/// answering the server's challenge (Digest or Basic) itself. After RECORD it copies bytes both ways untouched.
/// One relay per ffmpeg run, serving one connection; RTSP over TCP only (over UDP, ffmpeg would send the media
/// to the relay's address). Its lifetime is the run's: disposing it closes everything.
/// </summary>
internal sealed class RtspCredentialRelay : IAsyncDisposable
{
    public const int DefaultRtspPort = 554;

    /// <summary>The path ffmpeg is given; the relay puts the server's own path back.</summary>
    private const string LocalPath = "/camstreamd";

    /// <summary>A server that does not answer the connection within this fails the run, as ffmpeg's connect would.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long the stop waits for the relay's task after closing its sockets (it ends at once then).</summary>
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(5);

    private readonly PublishUrl _url;
    private readonly Socket _listener;
    private readonly Socket _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private Socket? _ffmpeg;

    private RtspCredentialRelay(PublishUrl url, Socket listener, Socket server)
    {
        _url = url;
        _listener = listener;
        _server = server;
        LocalUrl = $"rtsp://127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}{LocalPath}";
        _serving = ServeAsync();
    }

    /// <summary>The URL ffmpeg publishes to: no credentials, no server path.</summary>
    public string LocalUrl { get; }

    /// <summary>Why the relayed session ended early (the server closed, bad RTSP), or null; its text never holds the password.</summary>
    public string? Failure { get; private set; }

    /// <summary>An <c>rtsp://user:password@</c> target over TCP needs the relay; others publish directly.</summary>
    public static bool IsNeeded(PublishUrl url, string transport) =>
        url.Scheme == "rtsp" && url.UserInfo is not null && string.Equals(transport, PublishTargetOptions.DefaultTransport, StringComparison.OrdinalIgnoreCase);

    /// <summary>Connects to the target's server (bounded by <see cref="ConnectTimeout"/>), then listens for ffmpeg.</summary>
    /// <exception cref="SocketException">The server cannot be reached.</exception>
    /// <exception cref="TimeoutException">The server did not answer the connection in time.</exception>
    public static async Task<RtspCredentialRelay> OpenAsync(PublishUrl url, CancellationToken cancellationToken)
    {
        Uri authority = new($"rtsp://{url.HostAndPort}/");
        int port = authority.IsDefaultPort || authority.Port < 0 ? DefaultRtspPort : authority.Port;
        Socket server = new(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using (CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                deadline.CancelAfter(ConnectTimeout);
                try
                {
                    await server.ConnectAsync(authority.IdnHost, port, deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"no answer from {url.HostAndPort} within {ConnectTimeout.TotalSeconds} s");
                }
            }

            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            return new RtspCredentialRelay(url, listener, server);
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

            RtspRelaySession session = new(ffmpeg, _server, LocalUrl, $"rtsp://{_url.HostAndPort}{_url.PathAndQuery}", _url.UserInfo!);
            await session.RunAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException or IOException or InvalidDataException)
        {
            Failure = _url.Mask(exception.Message);
        }
        finally
        {
            Volatile.Read(ref _ffmpeg)?.Dispose();
            _server.Dispose();
        }
    }
}
