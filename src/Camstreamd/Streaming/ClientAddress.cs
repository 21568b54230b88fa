using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Camstreamd.Streaming;

/// <summary>
/// A client as "ip:port" for logs and /state, the same for every way in (Kestrel, the direct stream path, TCP
/// readers). An IPv4 client of a dual-stack socket shows as a.b.c.d, not ::ffff:a.b.c.d.
/// </summary>
internal static class ClientAddress
{
    public const string Unknown = "unknown";

    public static string Of(IPAddress? address, int port)
    {
        if (address is null)
        {
            return Unknown;
        }

        IPAddress shown = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return string.Create(CultureInfo.InvariantCulture, $"{shown}:{port}");
    }

    public static string Of(EndPoint? endPoint) => endPoint is IPEndPoint ip ? Of(ip.Address, ip.Port) : Unknown;

    /// <summary>The peer of a connected socket; <see cref="Unknown"/> when it was reset before we looked.</summary>
    public static string Of(Socket socket)
    {
        try
        {
            return Of(socket.RemoteEndPoint);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            return Unknown;
        }
    }
}
