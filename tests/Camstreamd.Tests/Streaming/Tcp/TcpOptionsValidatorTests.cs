using Camstreamd.Configuration;
using Microsoft.Extensions.Configuration;

namespace Camstreamd.Tests.Streaming.Tcp;

/// <summary>The <c>Tcp</c> keys as the loader binds and validates them at start and on reload.</summary>
public sealed class TcpOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreOff_SameAddressAsHttp_EveryFrame()
    {
        CamstreamdSettings settings = Bind([]) ?? throw new InvalidOperationException("defaults did not validate");

        Assert.Equal(0, settings.Tcp.Port);
        Assert.Equal("", settings.Tcp.Address);
        Assert.Equal("0.0.0.0", settings.Tcp.ListenAddress(settings.Http));
        Assert.Equal(0, settings.Tcp.FramesPerSecond);
    }

    [Fact]
    public void GoodValues_AreTaken()
    {
        CamstreamdSettings settings = Bind([("Tcp:Port", "8081"), ("Tcp:Address", "::"), ("Tcp:FramesPerSecond", "2.5")]) ?? throw new InvalidOperationException("did not validate");

        Assert.Equal(8081, settings.Tcp.Port);
        Assert.Equal("::", settings.Tcp.ListenAddress(settings.Http));
        Assert.Equal(2.5, settings.Tcp.FramesPerSecond);
    }

    [Theory]
    [InlineData("Tcp:Port", "70000", "Tcp:Port is 70000; allowed: 0 (off) or a port from 1 to 65535.")]
    [InlineData("Tcp:Port", "8080", "Tcp:Port is 8080, the same as Http:Port; allowed: 0 (off) or a port other than the HTTP server's.")]
    [InlineData("Tcp:Port", "x", "Tcp:Port is 'x'; allowed: a whole number.")]
    [InlineData("Tcp:Address", "camera.local", "Tcp:Address is 'camera.local'; allowed: empty (the same as Http:Address), an IP address")]
    [InlineData("Tcp:FramesPerSecond", "-1", "Tcp:FramesPerSecond is -1; allowed: 0 (every frame) or a number above 0 and at most 240.")]
    [InlineData("Tcp:FramesPerSecond", "1000", "Tcp:FramesPerSecond is 1000; allowed: 0 (every frame)")]
    [InlineData("Tcp:Fps", "5", "Tcp:Fps is not a known key; the Tcp keys are: Port, Address, FramesPerSecond, AllowUnauthenticated.")]
    public void BadValue_IsRejectedNamingKeyValueAndWhatIsAllowed(string key, string value, string expected)
    {
        List<string> errors = new();

        CamstreamdSettings? settings = Bind([(key, value)], errors);

        Assert.Null(settings);
        Assert.Contains(errors, error => error.StartsWith(expected, StringComparison.Ordinal));
    }

    private static CamstreamdSettings? Bind((string Key, string Value)[] values, List<string>? errors = null)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Camera:Source", "testpattern"), .. values.Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value))])
            .Build();
        return SettingsLoader.Bind(configuration, errors ?? []);
    }
}
