using System.Net;
using System.Net.Sockets;

namespace Camstreamd.Tests.Cli.Receive;

/// <summary>A sender on 127.0.0.1 that serves each connection with a script of the test's: a broken stream, a third-party MJPEG server.</summary>
internal sealed class FakeSender : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<int, NetworkStream, CancellationToken, Task> _serve;
    private readonly List<Task> _connections = [];
    private readonly Task _acceptLoop;

    /// <param name="serve">Serves connection number N (from 0); the connection is closed when it returns.</param>
    public FakeSender(Func<int, NetworkStream, CancellationToken, Task> serve)
    {
        _serve = serve;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Waits until the client closes its side (or the test ends), reading and ignoring what it sends.</summary>
    public static async Task HoldOpenAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        byte[] ignored = new byte[4096];
        try
        {
            while (await stream.ReadAsync(ignored, cancellationToken) > 0)
            {
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        await Task.WhenAll(_connections).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        int index = 0;
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _connections.Add(ServeAsync(index++, client));
        }
    }

    private async Task ServeAsync(int index, TcpClient client)
    {
        using (client)
        {
            try
            {
                await _serve(index, client.GetStream(), _stop.Token);
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException)
            {
                // The client left first.
            }
        }
    }
}
