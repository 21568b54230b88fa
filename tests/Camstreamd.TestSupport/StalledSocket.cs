using System.Diagnostics;
using System.Net.Sockets;

namespace Camstreamd.TestSupport;

/// <summary>
/// A viewer that connects and then never reads, with a small receive buffer so the server's sends back up at once:
/// what the stall timeout must evict. <see cref="WaitUntilCutAsync"/> then tells when the server cut it.
/// </summary>
public sealed class StalledSocket : IDisposable
{
    private readonly Socket _socket;
    private readonly long _stalledAt;

    private StalledSocket(Socket socket)
    {
        _socket = socket;
        _stalledAt = Stopwatch.GetTimestamp();
    }

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/> and sends <paramref name="request"/> (ASCII) if given; stalled from then on.</summary>
    public static async Task<StalledSocket> ConnectAsync(int port, string? request = null)
    {
        Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        try
        {
            await socket.ConnectAsync("127.0.0.1", port).WaitAsync(TimeSpan.FromSeconds(10));
            if (request is not null)
            {
                await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(request));
            }

            return new StalledSocket(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Drains what the server had sent until it ends in EOF or a reset (the server cut the connection), at most
    /// <paramref name="timeout"/>; returns the time from the stall to the cut.
    /// </summary>
    public async Task<TimeSpan> WaitUntilCutAsync(TimeSpan timeout)
    {
        byte[] sink = new byte[1 << 20];
        using CancellationTokenSource drain = new(timeout);
        try
        {
            while (await _socket.ReceiveAsync(sink, SocketFlags.None, drain.Token) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // A reset is a cut too.
        }

        return Stopwatch.GetElapsedTime(_stalledAt);
    }

    public void Dispose() => _socket.Dispose();
}
