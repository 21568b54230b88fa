using System.Text.Json;
using Camstreamd.Configuration;
using Camstreamd.Privacy;
using Camstreamd.Tests.Authentication;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Privacy;

/// <summary><c>POST /privacy</c> on the real server with curl: only for an authenticated user, never without Auth:Users.</summary>
public sealed class PrivacyEndpointTests
{
    private const int Width = 320;
    private const int Height = 240;

    private static readonly string[] Credentials = ["-u", $"{AuthenticationTests.User}:{AuthenticationTests.Password}"];

    [Fact]
    public async Task WithoutAuthentication_IsRefusedWithTheReason_AndPrivacyStaysOff()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", $"--Camera:Width={Width}", $"--Camera:Height={Height}");

        CurlResponse response = await Curl.GetAsync(AuthenticationTests.Url(server, "/privacy"), "-X", "POST", "--data-raw", "on");

        Assert.Equal(403, response.Status);
        Assert.Contains("set Auth:Users", response.Text, StringComparison.Ordinal);
        Assert.False(await PrivacyOnAsync(server, []));
    }

    [Fact]
    public async Task AUser_TurnsPrivacyOnAndOff_TheSnapshotFollows()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(AuthenticationTests.Arguments);
        string url = AuthenticationTests.Url(server, "/privacy");
        byte[] privacyPicture = PrivacyPicture.Encode(Width, Height, new CameraOptions().JpegQuality);

        CurlResponse on = await Curl.GetAsync(url, [.. Credentials, "-X", "POST", "--data-raw", "on\n"]);
        Assert.Equal(200, on.Status);
        Assert.Equal("200 privacy on\n", on.Text);
        Assert.True(await PrivacyOnAsync(server));
        await Eventually.TrueAsync(async () => (await SnapshotAsync(server)).AsSpan().SequenceEqual(privacyPicture), TimeSpan.FromSeconds(20), () => "/snapshot is not the privacy picture");

        CurlResponse again = await Curl.GetAsync(url, [.. Credentials, "-X", "POST", "--data-raw", "ON"]);
        Assert.Equal("200 privacy was already on\n", again.Text);

        CurlResponse off = await Curl.GetAsync(url, [.. Credentials, "-X", "POST", "--data-raw", "off"]);
        Assert.Equal(200, off.Status);
        Assert.False(await PrivacyOnAsync(server));
        await Eventually.TrueAsync(async () => await SnapshotAsync(server) is { Length: > 0 } jpeg && !jpeg.AsSpan().SequenceEqual(privacyPicture), TimeSpan.FromSeconds(20), () => "/snapshot is still the privacy picture");
    }

    [Fact]
    public async Task NoCredentials_AToken_ABadBody_ACrossSiteOrigin_OrAGet_ChangeNothing()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(AuthenticationTests.Arguments);
        string url = AuthenticationTests.Url(server, "/privacy");

        Assert.Equal(401, (await Curl.GetAsync(url, "-X", "POST", "--data-raw", "on")).Status);
        Assert.Equal(401, (await Curl.GetAsync($"{url}?token={AuthenticationTests.Token}", "-X", "POST", "--data-raw", "on")).Status);

        CurlResponse bad = await Curl.GetAsync(url, [.. Credentials, "-X", "POST", "--data-raw", "please"]);
        Assert.Equal(400, bad.Status);
        Assert.Contains("'on' or 'off'", bad.Text, StringComparison.Ordinal);

        CurlResponse crossSite = await Curl.GetAsync(url, [.. Credentials, "-X", "POST", "-H", "Origin: http://evil.example", "--data-raw", "on"]);
        Assert.Equal(403, crossSite.Status);
        Assert.Contains("cross-site", crossSite.Text, StringComparison.Ordinal);

        CurlResponse get = await Curl.GetAsync(url, Credentials);
        Assert.Equal(405, get.Status);
        Assert.Equal("POST", get.Header("Allow"));

        Assert.False(await PrivacyOnAsync(server, Credentials));
    }

    private static async Task<bool> PrivacyOnAsync(CamstreamdServer server, string[]? credentials = null)
    {
        CurlResponse state = await Curl.GetAsync(AuthenticationTests.Url(server, "/state"), credentials ?? Credentials);
        Assert.Equal(200, state.Status);
        using JsonDocument json = JsonDocument.Parse(state.Text);
        return json.RootElement.GetProperty("privacy").GetProperty("on").GetBoolean();
    }

    private static async Task<byte[]> SnapshotAsync(CamstreamdServer server)
    {
        CurlResponse snapshot = await Curl.GetAsync(AuthenticationTests.Url(server, "/snapshot"), Credentials);
        return snapshot.Status == 200 ? snapshot.Body : [];
    }
}
