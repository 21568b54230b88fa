using Camstreamd.Publishing.Rtsp;

namespace Camstreamd.Tests.Publishing;

public sealed class RtspTransportTests
{
    [Theory]
    [InlineData("RTP/AVP/UDP;unicast;client_port=5000-5001;mode=record", true)]
    [InlineData("RTP/AVP;unicast;client_port=5000-5001", true)]
    [InlineData("RTP/AVP/TCP;unicast;interleaved=0-1;mode=record", false)]
    [InlineData("RTP/AVP;multicast;port=5000-5001,RTP/AVP;unicast;client_port=5000-5001", false)]
    public void IsUdp_TellsAUnicastUdpTransportWithClientPorts(string transport, bool udp)
    {
        Assert.Equal(udp, RtspTransport.IsUdp(transport));
    }

    [Theory]
    [InlineData("RTP/AVP;unicast;client_port=5000-5001;server_port=6970-6971", "server_port", 6970, 6971)]
    [InlineData("RTP/AVP;unicast;Client_Port=5000", "client_port", 5000, 5001)]
    public void Ports_ReadsAPairOrALonePort(string transport, string name, int rtp, int rtcp)
    {
        Assert.Equal((rtp, rtcp), RtspTransport.Ports(transport, name));
    }

    [Theory]
    [InlineData("RTP/AVP;unicast;client_port=70000-70001")]
    [InlineData("RTP/AVP;unicast;client_port=a-b")]
    [InlineData("RTP/AVP;unicast")]
    public void Ports_OfNoUsablePair_IsNull(string transport)
    {
        Assert.Null(RtspTransport.Ports(transport, RtspTransport.ClientPort));
    }

    [Fact]
    public void ServersAnswer_RewrittenForFfmpeg_SendsTheMediaToTheRelayAlone()
    {
        string answer = "RTP/AVP/UDP;unicast;client_port=40000-40001;server_port=6970-6971;source=192.0.2.7;destination=192.0.2.9;ssrc=1234ABCD;mode=record";

        string toFfmpeg = RtspTransport.WithPorts(RtspTransport.WithPorts(RtspTransport.WithoutAddresses(answer), RtspTransport.ClientPort, (5000, 5001)), RtspTransport.ServerPort, (41000, 41001));

        Assert.Equal("RTP/AVP/UDP;unicast;client_port=5000-5001;server_port=41000-41001;ssrc=1234ABCD;mode=record", toFfmpeg);
    }

    [Fact]
    public void WithPorts_AddsTheParameterWhenMissing()
    {
        Assert.Equal("RTP/AVP;unicast;server_port=6970-6971", RtspTransport.WithPorts("RTP/AVP;unicast", RtspTransport.ServerPort, (6970, 6971)));
    }
}
