using System.Text.Json.Nodes;
using Camstreamd.Authentication;
using Camstreamd.Tests.Web;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Authentication;

/// <summary>
/// The viewer page in headless Chromium with <c>Auth:Users</c> set: given the credentials (as a browser's prompt gives
/// them, here in the URL), the page, its stream &lt;img&gt; and its /state polling all work.
/// </summary>
public sealed class ViewerPageAuthenticationTests
{
    private const string Password = "chromium-secret";
    private static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(45);
    private static readonly string[] Arguments =
        ["--Camera:Source=testpattern", "--Auth:Users:0:Name=viewer", $"--Auth:Users:0:PasswordHash={PasswordHash.Create(Password)}"];

    private const string ShowsLiveStreamAndState =
        "(() => { const t = id => document.getElementById(id).textContent, img = document.getElementById('live');" +
        " return img.naturalWidth === 1280 && img.naturalHeight === 720 && /^[1-9]/.test(t('viewers')) && t('src').startsWith('testpattern'); })()";

    private const string Diagnostics =
        "JSON.stringify({ body: document.body.innerText.slice(0, 300), img: document.getElementById('live') && document.getElementById('live').naturalWidth })";

    [Fact]
    public async Task ViewerPage_WithCredentials_ShowsTheStreamAndState()
    {
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(DaemonProcess.FreePort(), Arguments);
        await using ChromiumBrowser browser = await ChromiumBrowser.OpenAsync(new Uri($"http://viewer:{Password}@127.0.0.1:{daemon.Port}/"));

        await browser.WaitForAsync(ShowsLiveStreamAndState, PageTimeout, Diagnostics);

        using HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
        using HttpRequestMessage request = new(HttpMethod.Get, new Uri(daemon.BaseAddress, "/state"));
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"viewer:{Password}")));
        using HttpResponseMessage response = await http.SendAsync(request);
        JsonNode state = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True((int)state["stream"]!["clientCount"]! >= 1, $"the page's <img> is not a viewer in /state: {state}");
        long png = await browser.ScreenshotAsync("/tmp/camstreamd-viewer-authenticated.png");
        Assert.True(png > 20_000, $"the screenshot is only {png} bytes: the page rendered (almost) nothing");
    }
}
