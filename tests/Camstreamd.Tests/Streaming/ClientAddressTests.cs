using System.Net;
using Camstreamd.Streaming;

namespace Camstreamd.Tests.Streaming;

public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("::ffff:192.0.2.7", 40000, "192.0.2.7:40000")]
    [InlineData("192.0.2.7", 40000, "192.0.2.7:40000")]
    [InlineData("2001:db8::1", 443, "2001:db8::1:443")]
    public void Of_EndPoint_ShowsIPv4MappedAddressesAsIPv4(string address, int port, string expected)
    {
        Assert.Equal(expected, ClientAddress.Of(new IPEndPoint(IPAddress.Parse(address), port)));
    }

    [Fact]
    public void Of_NoIPEndPoint_IsUnknown()
    {
        Assert.Equal("unknown", ClientAddress.Of((EndPoint?)null));
        Assert.Equal("unknown", ClientAddress.Of(null, 80));
    }
}
