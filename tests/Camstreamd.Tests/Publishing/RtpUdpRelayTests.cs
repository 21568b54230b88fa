using System.Net;
using System.Net.Sockets;
using Camstreamd.Publishing.Rtsp;

namespace Camstreamd.Tests.Publishing;

/// <summary>
/// The relay's UDP half on real sockets: ffmpeg's RTP and RTCP reach the server's ports from the relay's outward
/// pair, the server's datagrams come back to ffmpeg's ports from the relay's loopback pair, and a datagram from any
/// other port is not forwarded.
/// </summary>
public sealed class RtpUdpRelayTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RtpAndRtcp_AreForwardedBothWays_BetweenFfmpegsPortsAndTheServers()
    {
        using UdpPortPair ffmpeg = UdpPortPair.Bind(IPAddress.Loopback);
        using UdpPortPair server = UdpPortPair.Bind(IPAddress.Loopback);
        await using RtpUdpRelay relay = RtpUdpRelay.Open(IPAddress.Loopback, ffmpeg.Ports);

        Assert.Equal(0, relay.Local.Ports.Rtp % 2);
        Assert.Equal(relay.Local.Ports.Rtp + 1, relay.Local.Ports.Rtcp);
        Assert.Equal(0, relay.Outward.Ports.Rtp % 2);
        Assert.Equal(relay.Outward.Ports.Rtp + 1, relay.Outward.Ports.Rtcp);
        relay.Start(server.Ports);

        await AssertForwardedAsync(ffmpeg.Rtp, relay.Local.Ports.Rtp, server.Rtp, relay.Outward.Ports.Rtp, [0x80, 0x1A, 1, 2]);
        await AssertForwardedAsync(ffmpeg.Rtcp, relay.Local.Ports.Rtcp, server.Rtcp, relay.Outward.Ports.Rtcp, [0x80, 0xC8, 3, 4]);
        await AssertForwardedAsync(server.Rtcp, relay.Outward.Ports.Rtcp, ffmpeg.Rtcp, relay.Local.Ports.Rtcp, [0x80, 0xC9, 5, 6]);
        await AssertForwardedAsync(server.Rtp, relay.Outward.Ports.Rtp, ffmpeg.Rtp, relay.Local.Ports.Rtp, [0x80, 0x1A, 7, 8]);
    }

    [Fact]
    public async Task DatagramFromAnotherPortThanFfmpegs_IsNotForwarded()
    {
        using UdpPortPair ffmpeg = UdpPortPair.Bind(IPAddress.Loopback);
        using UdpPortPair server = UdpPortPair.Bind(IPAddress.Loopback);
        using Socket stranger = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using RtpUdpRelay relay = RtpUdpRelay.Open(IPAddress.Loopback, ffmpeg.Ports);
        relay.Start(server.Ports);

        await stranger.SendToAsync(new byte[] { 0xBA, 0xD0 }, SocketFlags.None, new IPEndPoint(IPAddress.Loopback, relay.Local.Ports.Rtp));
        // Then ffmpeg's own: the first datagram the server gets must be ffmpeg's (the relay forwards in order).
        await AssertForwardedAsync(ffmpeg.Rtp, relay.Local.Ports.Rtp, server.Rtp, relay.Outward.Ports.Rtp, [0x80, 0x1A, 9, 9]);
    }

    /// <summary>Sends <paramref name="payload"/> from <paramref name="sender"/> to the relay's <paramref name="relayPort"/>; the next datagram <paramref name="receiver"/> gets must be it, from the relay's <paramref name="expectedFromPort"/>.</summary>
    private static async Task AssertForwardedAsync(Socket sender, int relayPort, Socket receiver, int expectedFromPort, byte[] payload)
    {
        await sender.SendToAsync(payload, SocketFlags.None, new IPEndPoint(IPAddress.Loopback, relayPort));
        byte[] buffer = new byte[2048];
        using CancellationTokenSource deadline = new(Deadline);
        SocketReceiveFromResult received = await receiver.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), deadline.Token);

        Assert.Equal(payload, buffer[..received.ReceivedBytes]);
        Assert.Equal(expectedFromPort, ((IPEndPoint)received.RemoteEndPoint).Port);
    }
}
