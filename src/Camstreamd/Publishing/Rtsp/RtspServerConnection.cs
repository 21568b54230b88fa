using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Camstreamd.Publishing.Rtsp;

/// <summary>
/// The relay's connection to the target's server: TCP, and for <c>rtsps://</c> TLS on top, done here rather than
/// by ffmpeg, which then speaks plain RTSP to the relay on 127.0.0.1. The server's certificate must chain to the
/// system's trusted roots and name the URL's host, unless the target pins it (<see cref="CertificatePin"/>):
/// then that certificate, and only it, is trusted, whatever signed it and whatever name it holds.
/// </summary>
internal sealed class RtspServerConnection : IDisposable
{
    public const int DefaultRtspPort = 554;

    /// <summary>RFC 7826 §C.1 (and ffmpeg's default for rtsps://).</summary>
    public const int DefaultRtspsPort = 322;

    /// <summary>A server that does not answer the connection, or the TLS handshake, within this fails the run, as ffmpeg's connect would.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private RtspServerConnection(Socket socket, Stream stream, string description)
    {
        Socket = socket;
        Stream = stream;
        Description = description;
    }

    /// <summary>For the log: TCP or TLS, the server's end, and for TLS the protocol and the certificate's fingerprint.</summary>
    public string Description { get; }

    public Socket Socket { get; }

    /// <summary>The socket's stream, or the TLS stream over it.</summary>
    public Stream Stream { get; }

    /// <summary>The server's address, where RTP over UDP goes too.</summary>
    public IPAddress Address => ((IPEndPoint)Socket.RemoteEndPoint!).Address;

    /// <summary>Connects (and for rtsps:// authenticates the server), bounded by <see cref="ConnectTimeout"/>.</summary>
    /// <exception cref="SocketException">The server cannot be reached.</exception>
    /// <exception cref="TimeoutException">The server did not answer in time.</exception>
    /// <exception cref="AuthenticationException">The TLS handshake failed or the certificate is not trusted; the message says why, with its fingerprint.</exception>
    /// <exception cref="IOException">The server closed the connection during the handshake.</exception>
    public static async Task<RtspServerConnection> OpenAsync(PublishUrl url, byte[]? pin, CancellationToken cancellationToken)
    {
        bool tls = url.Scheme == "rtsps";
        Uri authority = new($"rtsp://{url.HostAndPort}/");
        int port = authority.IsDefaultPort || authority.Port < 0 ? tls ? DefaultRtspsPort : DefaultRtspPort : authority.Port;
        Socket socket = new(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ConnectTimeout);
        try
        {
            await socket.ConnectAsync(authority.IdnHost, port, deadline.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: false);
            string description = $"TCP to {socket.RemoteEndPoint}";
            if (tls)
            {
                SslStream secured = await AuthenticateAsync(stream, authority.IdnHost, pin, deadline.Token).ConfigureAwait(false);
                stream = secured;
                description = $"{secured.SslProtocol} to {socket.RemoteEndPoint}, certificate SHA-256 {CertificatePin.Of(secured.RemoteCertificate!)}, {(pin is null ? "trusted by the system's roots" : "pinned by TlsFingerprint")}";
            }

            return new RtspServerConnection(socket, stream, description);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            stream?.Dispose();
            socket.Dispose();
            throw new TimeoutException($"no answer from {url.HostAndPort} within {ConnectTimeout.TotalSeconds} s");
        }
        catch
        {
            stream?.Dispose();
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Stream.Dispose();
        Socket.Dispose();
    }

    private static async Task<SslStream> AuthenticateAsync(Stream inner, string host, byte[]? pin, CancellationToken cancellationToken)
    {
        string? refusal = null;
        SslStream tls = new(inner, leaveInnerStreamOpen: false);
        SslClientAuthenticationOptions options = new()
        {
            TargetHost = host,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null)
                {
                    refusal = "the server sent no certificate";
                    return false;
                }

                bool trusted = pin is null ? errors == SslPolicyErrors.None : CertificatePin.Matches(pin, certificate);
                if (!trusted)
                {
                    refusal = pin is null
                        ? $"the server's certificate is not trusted ({errors}: {certificate.Subject}, SHA-256 {CertificatePin.Of(certificate)}); if it is this server's own, set the target's TlsFingerprint to that SHA-256"
                        : $"the server's certificate ({certificate.Subject}) has SHA-256 {CertificatePin.Of(certificate)}, not the target's TlsFingerprint";
                }

                return trusted;
            },
        };

        try
        {
            await tls.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
            return tls;
        }
        catch (AuthenticationException exception)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw new AuthenticationException($"TLS with {host}: {refusal ?? exception.Message}", exception);
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
