using System.Net.Sockets;

namespace Camstreamd.Streaming.Tcp;

/// <summary>
/// One accepted TCP connection: admitted as a viewer of kind <see cref="ViewerKind.Tcp"/> (so
/// <c>Streaming:MaxClients</c>, stall eviction, keepalive and idle release apply as to MJPEG viewers),
/// sent length-prefixed frames until it leaves or is closed, then closed. Anything the reader sends is
/// read and thrown away: the protocol has no requests, and an unread receive buffer would turn our
/// clean close into a reset.
/// </summary>
internal sealed class TcpReaderConnection
{
    private const int DrainBufferBytes = 1024;

    private readonly Socket _socket;
    private readonly StreamSessions _sessions;
    private readonly double? _fpsLimit;

    public TcpReaderConnection(Socket socket, StreamSessions sessions, double? fpsLimit)
    {
        _socket = socket;
        _sessions = sessions;
        _fpsLimit = fpsLimit;
        Address = ClientAddress.Of(socket);
    }

    /// <summary>"ip:port" as the HTTP viewers' logs and /state show it.</summary>
    public string Address { get; }

    private StreamClient? _client;
    private string? _closeReason;

    /// <summary>The admitted viewer while the connection streams; null before admission and after a refusal.</summary>
    public StreamClient? Client => Volatile.Read(ref _client);

    /// <summary>
    /// Ends the stream cleanly after the frame being sent; a connection not yet admitted ends as soon as it is.
    /// </summary>
    public void Close(string reason)
    {
        // Full fences on both sides: either this sees the client, or the admission sees the reason.
        Interlocked.Exchange(ref _closeReason, reason);
        Client?.Close(reason, abortConnection: false);
    }

    /// <summary>Serves the connection to its end; never throws for a lost reader. Disposes the socket.</summary>
    public async Task RunAsync()
    {
        try
        {
            // Small frames' tails must not wait for an ACK (Nagle); Kestrel sets the same for the HTTP viewers.
            _socket.NoDelay = true;
            StreamClient? client = _sessions.TryAdmit(Address, ViewerKind.Tcp, _fpsLimit, out _);
            if (client is null)
            {
                // Over Streaming:MaxClients or MaxClientsPerAddress (counted and logged by TryAdmit) or shutting down: closed at once.
                return;
            }

            Interlocked.Exchange(ref _client, client);
            client.OnAbort(Abort);
            if (Volatile.Read(ref _closeReason) is string reason)
            {
                // Closed (a stop or reload) between accept and admission.
                client.Close(reason, abortConnection: false);
            }

            SendBufferPolicy.ForNewViewer(_socket, _sessions.NewestFrameLength);
            using CancellationTokenSource gone = new();
            Task drain = DrainAsync(_socket, gone);
            await _sessions.RunAsync(
                client,
                new SocketPartSink(_socket),
                ReadOnlyMemory<byte>.Empty,
                new LengthPrefixFraming(),
                slow => SendBufferPolicy.ForPace(_socket, slow, _sessions.NewestFrameLength),
                gone.Token).ConfigureAwait(false);

            // A clean end: FIN after the last whole frame. Closing ends the drain's pending receive.
            ShutdownQuietly(_socket);
            _socket.Dispose();
            await drain.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Reset before it was admitted; once admitted, the session itself ends quietly for a lost reader.
        }
        finally
        {
            _socket.Dispose();
        }
    }

    /// <summary>Cuts the connection at once (a stalled reader, or one that outlived a stop): a reset, nothing more is sent.</summary>
    public void Abort()
    {
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }

        _socket.Dispose();
    }

    private static async Task DrainAsync(Socket socket, CancellationTokenSource gone)
    {
        byte[] ignored = new byte[DrainBufferBytes];
        try
        {
            while (await socket.ReceiveAsync(ignored, SocketFlags.None).ConfigureAwait(false) > 0)
            {
            }

            // End of input: the reader sends nothing more but may still read (nc -N does this), so frames go on.
        }
        catch (SocketException)
        {
            // A reset: the reader is gone. Cancel a send that may be waiting for it.
            gone.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // We closed the connection.
        }
    }

    private static void ShutdownQuietly(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Reset or aborted already.
        }
    }
}
