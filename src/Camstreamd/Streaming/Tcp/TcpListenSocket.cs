using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Camstreamd.Streaming.Tcp;

/// <summary>
/// The TCP stream's listening socket: one we bound from <c>Tcp:Address</c>/<c>Tcp:Port</c>, or one systemd
/// passed (socket activation), which outlives a listener: a reload stops accepting on it but keeps it open.
/// </summary>
internal sealed class TcpListenSocket
{
    // <sys/socket.h> on Linux, the same on x86-64 and arm64.
    private const int SOL_SOCKET = 1;
    private const int SO_REUSEADDR = 2;
    private const int Backlog = 128;

    private readonly bool _owned;

    private TcpListenSocket(Socket socket, bool owned)
    {
        Socket = socket;
        _owned = owned;
        Endpoint = Describe(socket.LocalEndPoint);
    }

    public Socket Socket { get; }

    /// <summary>"address:port" for the logs.</summary>
    public string Endpoint { get; }

    /// <summary>Where the socket came from, for the logs.</summary>
    public string Origin => _owned ? "Tcp:Address and Tcp:Port" : "the socket passed by systemd";

    /// <summary>Binds and listens on <paramref name="address"/> (an IP address or <c>*</c> for IPv4 and IPv6) and <paramref name="port"/>.</summary>
    /// <exception cref="SocketException">The address is in use or not ours.</exception>
    public static TcpListenSocket Bind(string address, int port)
    {
        IPAddress ip = address == "*" ? IPAddress.IPv6Any : IPAddress.Parse(address);
        Socket socket = new(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address == "*")
            {
                socket.DualMode = true;
            }

            // SO_REUSEADDR alone, so a restart or reload can bind while old connections sit in TIME_WAIT.
            // .NET's ReuseAddress option would add SO_REUSEPORT, letting a second daemon share the port unnoticed.
            socket.SetRawSocketOption(SOL_SOCKET, SO_REUSEADDR, BitConverter.GetBytes(1));
            socket.Bind(new IPEndPoint(ip, port));
            socket.Listen(Backlog);
            return new TcpListenSocket(socket, owned: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A listening socket systemd passed; kept open for the daemon's lifetime.</summary>
    public static TcpListenSocket Passed(Socket socket) => new(socket, owned: false);

    /// <summary>Closes the socket when we bound it; a passed one stays open for a later listener.</summary>
    public void Release()
    {
        if (_owned)
        {
            Socket.Dispose();
        }
    }

    private static string Describe(EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint { Address.AddressFamily: AddressFamily.InterNetworkV6 } ip => string.Create(CultureInfo.InvariantCulture, $"[{ip.Address}]:{ip.Port}"),
        IPEndPoint ip => string.Create(CultureInfo.InvariantCulture, $"{ip.Address}:{ip.Port}"),
        _ => "unknown",
    };
}
