using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Camstreamd.V4l2.Tests.Gpio;

/// <summary>
/// A viewer of /stream on a plain socket the test controls: it connects, sends the request and reads the response
/// headers; <see cref="Dispose"/> closes the socket at once (with the stream's unread bytes, the kernel answers the
/// server with a reset), so a measured departure is the daemon's reaction, not an HTTP client's teardown.
/// </summary>
internal sealed class RawViewer : IDisposable
{
    private readonly Socket _socket;

    private RawViewer(Socket socket)
    {
        _socket = socket;
    }

    /// <summary>Connects to the daemon (not yet a viewer: the request is not sent).</summary>
    public static async Task<RawViewer> ConnectAsync(Uri baseAddress)
    {
        Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, baseAddress.Port)).WaitAsync(TimeSpan.FromSeconds(30));
            return new RawViewer(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// How long the daemon takes now to answer one GET /state on a fresh connection (to the first byte): what this
    /// machine, emulated and shared, needs for the daemon to do anything at all at that moment.
    /// </summary>
    public static async Task<TimeSpan> TimeOneRequestAsync(Uri baseAddress)
    {
        using RawViewer connection = await ConnectAsync(baseAddress);
        System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
        connection._socket.Send(Encoding.ASCII.GetBytes("GET /state HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        using CancellationTokenSource deadline = new(TimeSpan.FromSeconds(60));
        byte[] first = new byte[1];
        await connection._socket.ReceiveAsync(first, SocketFlags.None, deadline.Token);
        return clock.Elapsed;
    }

    /// <summary>Sends GET /stream: from here on the daemon counts a viewer.</summary>
    public void SendRequest() => _socket.Send(Encoding.ASCII.GetBytes("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));

    /// <summary>Reads until the end of the response headers; returns the status line.</summary>
    public async Task<string> ReadHeadersAsync(TimeSpan timeout)
    {
        using CancellationTokenSource deadline = new(timeout);
        StringBuilder headers = new();
        byte[] one = new byte[1];
        while (!headers.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await _socket.ReceiveAsync(one, SocketFlags.None, deadline.Token) == 0)
            {
                throw new IOException($"the daemon closed the connection after: {headers}");
            }

            headers.Append((char)one[0]);
        }

        return headers.ToString()[..headers.ToString().IndexOf('\r', StringComparison.Ordinal)];
    }

    /// <summary>Waits for the first bytes of the stream after the headers: frames are flowing to this viewer.</summary>
    public async Task ReadSomeAsync(TimeSpan timeout)
    {
        using CancellationTokenSource deadline = new(timeout);
        byte[] some = new byte[4096];
        if (await _socket.ReceiveAsync(some, SocketFlags.None, deadline.Token) == 0)
        {
            throw new IOException("the daemon closed the stream before its first part");
        }
    }

    public void Dispose() => _socket.Dispose();
}
