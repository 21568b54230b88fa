using System.Net;
using System.Net.Sockets;

namespace Camstreamd.Publishing.Rtsp;

/// <summary>
/// Two UDP sockets on consecutive ports, the first even: RTP and its RTCP (RFC 3550 §11: RTP on an even port,
/// RTCP on the next one, which ffmpeg and most servers assume).
/// </summary>
internal sealed class UdpPortPair : IDisposable
{
    /// <summary>Ephemeral ports come at random: this many tries find an even one with its neighbour free.</summary>
    private const int Attempts = 64;

    private UdpPortPair(Socket rtp, Socket rtcp)
    {
        Rtp = rtp;
        Rtcp = rtcp;
    }

    public Socket Rtp { get; }

    public Socket Rtcp { get; }

    public (int Rtp, int Rtcp) Ports => (((IPEndPoint)Rtp.LocalEndPoint!).Port, ((IPEndPoint)Rtcp.LocalEndPoint!).Port);

    /// <exception cref="SocketException">No pair could be bound.</exception>
    public static UdpPortPair Bind(IPAddress address)
    {
        SocketException? last = null;
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            Socket first = new(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            Socket? second = null;
            try
            {
                first.Bind(new IPEndPoint(address, 0));
                int port = ((IPEndPoint)first.LocalEndPoint!).Port;

                // An odd port is the RTCP half of the pair below it.
                int rtpPort = port % 2 == 0 ? port : port - 1;
                second = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                second.Bind(new IPEndPoint(address, port % 2 == 0 ? port + 1 : rtpPort));
                return port % 2 == 0 ? new UdpPortPair(first, second) : new UdpPortPair(second, first);
            }
            catch (SocketException exception)
            {
                last = exception;
                first.Dispose();
                second?.Dispose();
            }
        }

        throw last ?? new SocketException((int)SocketError.AddressAlreadyInUse);
    }

    public void Dispose()
    {
        Rtp.Dispose();
        Rtcp.Dispose();
    }
}
