using System.Net;
using System.Net.Sockets;

namespace Camstreamd.Publishing.Rtsp;

/// <summary>
/// One stream's RTP and RTCP over UDP through the relay (RTSP <c>Transport</c> <c>udp</c>): ffmpeg sends its media to
/// the RTSP host, which for it is the relay on 127.0.0.1, so the relay answers ffmpeg's SETUP with ports of its own
/// (<see cref="Local"/>) and offers the server another pair (<see cref="Outward"/>), then forwards each datagram, both
/// ways: ffmpeg's RTP and RTCP to the server's ports, the server's RTCP reports (and anything else it sends) back.
/// Only datagrams from ffmpeg's two ports and from the server's address are taken.
/// </summary>
internal sealed class RtpUdpRelay : IAsyncDisposable
{
    /// <summary>The largest UDP payload: no RTP packet is cut.</summary>
    private const int DatagramBytes = 65_535;

    /// <summary>How long the end waits for the forwarding tasks after closing their sockets (they end at once then).</summary>
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(5);

    private readonly IPAddress _server;
    private readonly (int Rtp, int Rtcp) _ffmpegPorts;
    private readonly CancellationTokenSource _stop = new();
    private Task _forwarding = Task.CompletedTask;

    private RtpUdpRelay(UdpPortPair local, UdpPortPair outward, IPAddress server, (int Rtp, int Rtcp) ffmpegPorts)
    {
        Local = local;
        Outward = outward;
        _server = server;
        _ffmpegPorts = ffmpegPorts;
    }

    /// <summary>ffmpeg's own pair, from its SETUP's client_port.</summary>
    public (int Rtp, int Rtcp) FfmpegPorts => _ffmpegPorts;

    /// <summary>On 127.0.0.1: where ffmpeg sends, told to it as the SETUP answer's server_port.</summary>
    public UdpPortPair Local { get; }

    /// <summary>On the address the server is reached from: told to the server as the SETUP's client_port.</summary>
    public UdpPortPair Outward { get; }

    /// <summary>Binds both pairs for ffmpeg's <paramref name="ffmpegPorts"/> (its SETUP's client_port) and a server at <paramref name="server"/>.</summary>
    /// <exception cref="SocketException">No ports could be bound.</exception>
    public static RtpUdpRelay Open(IPAddress server, (int Rtp, int Rtcp) ffmpegPorts)
    {
        server = server.IsIPv4MappedToIPv6 ? server.MapToIPv4() : server;
        UdpPortPair local = UdpPortPair.Bind(IPAddress.Loopback);
        try
        {
            return new RtpUdpRelay(local, UdpPortPair.Bind(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any), server, ffmpegPorts);
        }
        catch
        {
            local.Dispose();
            throw;
        }
    }

    /// <summary>Starts forwarding, once the server has answered the SETUP with its own <paramref name="serverPorts"/>.</summary>
    public void Start((int Rtp, int Rtcp) serverPorts)
    {
        IPEndPoint ffmpegRtp = new(IPAddress.Loopback, _ffmpegPorts.Rtp);
        IPEndPoint ffmpegRtcp = new(IPAddress.Loopback, _ffmpegPorts.Rtcp);
        CancellationToken stop = _stop.Token;
        _forwarding = Task.WhenAll(
            ForwardAsync(Local.Rtp, ffmpegRtp, null, Outward.Rtp, new IPEndPoint(_server, serverPorts.Rtp), stop),
            ForwardAsync(Local.Rtcp, ffmpegRtcp, null, Outward.Rtcp, new IPEndPoint(_server, serverPorts.Rtcp), stop),
            ForwardAsync(Outward.Rtp, null, _server, Local.Rtp, ffmpegRtp, stop),
            ForwardAsync(Outward.Rtcp, null, _server, Local.Rtcp, ffmpegRtcp, stop));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Local.Dispose();
        Outward.Dispose();
        try
        {
            await _forwarding.WaitAsync(StopWait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Their sockets are closed: they end on their own.
        }

        _stop.Dispose();
    }

    /// <summary>
    /// Copies each datagram <paramref name="from"/> receives from <paramref name="source"/> (an exact end), or from any
    /// port of <paramref name="sourceAddress"/>, to <paramref name="destination"/> through <paramref name="via"/>,
    /// until the sockets close or <paramref name="stop"/> is cancelled. ffmpeg's media costs no allocation per datagram
    /// (only the server's few reports are taken apart to read their address).
    /// </summary>
    private static async Task ForwardAsync(Socket from, IPEndPoint? source, IPAddress? sourceAddress, Socket via, IPEndPoint destination, CancellationToken stop)
    {
        await Task.Yield();
        byte[] buffer = new byte[DatagramBytes];
        SocketAddress received = new(from.AddressFamily);
        SocketAddress? expected = source?.Serialize();
        SocketAddress to = destination.Serialize();
        IPEndPoint template = new(from.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await from.ReceiveFromAsync(buffer, SocketFlags.None, received, stop).ConfigureAwait(false);
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionReset)
            {
                // An ICMP "port unreachable" for an earlier datagram: the other side is not there yet, or no more.
                continue;
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            if (expected is not null ? !received.Equals(expected) : !FromAddress(received, template, sourceAddress!))
            {
                continue;
            }

            try
            {
                await via.SendToAsync(buffer.AsMemory(0, length), SocketFlags.None, to, stop).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // A datagram lost, as UDP may lose any: RTP and RTCP expect it.
            }
            catch (Exception exception) when (exception is ObjectDisposedException or OperationCanceledException)
            {
                return;
            }
        }
    }

    private static bool FromAddress(SocketAddress received, IPEndPoint template, IPAddress address)
    {
        IPAddress sender = ((IPEndPoint)template.Create(received)).Address;
        return (sender.IsIPv4MappedToIPv6 ? sender.MapToIPv4() : sender).Equals(address);
    }
}
