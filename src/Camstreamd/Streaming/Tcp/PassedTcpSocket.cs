using System.Net;
using System.Net.Sockets;

namespace Camstreamd.Streaming.Tcp;

/// <summary>The listening socket systemd passed for the TCP stream (socket activation), if it passed one.</summary>
internal sealed class PassedTcpSocket
{
    public PassedTcpSocket(Socket? socket)
    {
        Socket = socket;
    }

    public static PassedTcpSocket None { get; } = new(null);

    public Socket? Socket { get; }

    /// <summary>The port it listens on, 0 when there is none.</summary>
    public int Port => Socket?.LocalEndPoint is IPEndPoint local ? local.Port : 0;
}
