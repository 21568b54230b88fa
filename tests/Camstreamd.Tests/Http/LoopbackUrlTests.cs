using Camstreamd.Http;

namespace Camstreamd.Tests.Http;

public sealed class LoopbackUrlTests
{
    [Theory]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080/healthz")]
    [InlineData("http://[::]:8080", "http://[::1]:8080/healthz")]
    [InlineData("http://+:80", "http://127.0.0.1:80/healthz")]
    [InlineData("http://*:8080/", "http://127.0.0.1:8080/healthz")]
    [InlineData("http://localhost:5000", "http://127.0.0.1:5000/healthz")]
    [InlineData("http://192.168.1.7:8080", "http://192.168.1.7:8080/healthz")]
    [InlineData("https://0.0.0.0:8443", "https://127.0.0.1:8443/healthz")]
    public void For_ListenAddress_GivesReachableUrl(string address, string expected)
    {
        Assert.Equal(new Uri(expected), LoopbackUrl.For(address, "/healthz"));
    }

    [Theory]
    [InlineData("http://unix:/run/camstreamd.sock")]
    [InlineData("http://[::1]")]
    public void For_NotPlainTcpHttp_GivesNull(string address)
    {
        Assert.Null(LoopbackUrl.For(address, "/healthz"));
    }
}
