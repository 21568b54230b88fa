using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Camstreamd.TestSupport;

/// <summary>
/// A raw TCP client of 127.0.0.1:PORT from any address of 127.0.0.0/8 (Linux routes the whole block to loopback),
/// so one test can be many clients: the socket is bound to <c>from</c> before it connects.
/// </summary>
public static class LoopbackSocket
{
    /// <summary>127.0.0.<paramref name="last"/> (1 to 254).</summary>
    public static IPAddress Address(int last) => new([127, 0, 0, (byte)last]);

    public static async Task<Socket> ConnectAsync(int port, IPAddress from, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(from);
        Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(from, 0));
            using CancellationTokenSource deadline = new(timeout);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), deadline.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="text"/> as ASCII.</summary>
    public static async Task SendAsync(Socket socket, string text)
    {
        ArgumentNullException.ThrowIfNull(socket);
        await socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None);
    }

    /// <summary>Everything the server sends until it closes (or resets) the connection, at most <paramref name="timeout"/>.</summary>
    public static async Task<string> ReadToEndAsync(Socket socket, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(socket);
        StringBuilder text = new();
        byte[] buffer = new byte[16 * 1024];
        using CancellationTokenSource deadline = new(timeout);
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token)) > 0)
            {
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (SocketException)
        {
            // A reset ends it too.
        }

        return text.ToString();
    }

    /// <summary>Reads until the response head (up to the blank line) has arrived, at most <paramref name="timeout"/>; returns it.</summary>
    public static async Task<string> ReadHeadAsync(Socket socket, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(socket);
        StringBuilder text = new();
        byte[] buffer = new byte[1];
        using CancellationTokenSource deadline = new(timeout);
        while (!text.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token) == 0)
            {
                break;
            }

            text.Append((char)buffer[0]);
        }

        return text.ToString();
    }
}
