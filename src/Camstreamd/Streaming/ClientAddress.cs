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

    /// <summary>The IP address part of an "ip:port" from <see cref="Of(IPAddress?, int)"/> (all of <see cref="Unknown"/>), without allocating.</summary>
    public static ReadOnlySpan<char> HostOf(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        int colon = address.LastIndexOf(':');
        return colon < 0 ? address : address.AsSpan(0, colon);
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
