using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Web;

/// <summary>
/// The viewer page at <c>GET /</c> in a real headless Chromium against the real daemon: the stream decodes
/// in the page's own &lt;img&gt;, the panel shows /state, and the stream comes back after a daemon restart.
/// Screenshots land in /tmp for a human to look at.
/// </summary>
public sealed class ViewerPageTests
{
    private static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(30);
    private static readonly string[] TestPattern = ["--Camera:Source=testpattern"];

    // Everything the panel and the image show, returned when a wait fails so the message says what went wrong.
    private const string Diagnostics =
        "JSON.stringify({ img: [document.getElementById('live').naturalWidth, document.getElementById('live').naturalHeight]," +
        " down: document.getElementById('fig').className, panel: document.querySelector('aside').innerText," +
        " mode: document.getElementById('mode').textContent, reconnects: window.camstreamd && window.camstreamd.reconnects })";

    private const string ShowsLiveTestPattern =
        "(() => { const t = id => document.getElementById(id).textContent, img = document.getElementById('live');" +
        " return img.naturalWidth === 1280 && img.naturalHeight === 720 && t('res') === '1280×720'" +
        " && /\\/ 30 fps$/.test(t('fps')) && /^[1-9]/.test(t('viewers')) && t('src').startsWith('testpattern')" +
        " && !document.getElementById('fig').classList.contains('down'); })()";

    // Two draws of the <img> 700 ms apart: a live multipart image shows a new frame of the moving pattern.
    internal const string PictureChanges =
        "(async () => { const img = document.getElementById('live'), c = document.createElement('canvas');" +
        " c.width = 320; c.height = 180; const g = c.getContext('2d', { willReadFrequently: true });" +
        " const grab = () => { g.drawImage(img, 0, 0, 320, 180); return g.getImageData(0, 0, 320, 180).data; };" +
        " const a = grab(); await new Promise(r => setTimeout(r, 700)); const b = grab();" +
        " let diff = 0; for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++; return diff; })()";

    [Fact]
    public async Task ViewerPage_WithTestPattern_ShowsLiveStreamAndState()
    {
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(DaemonProcess.FreePort(), TestPattern);
        await using ChromiumBrowser browser = await ChromiumBrowser.OpenAsync(daemon.BaseAddress);

        await browser.WaitForAsync(ShowsLiveTestPattern, PageTimeout, Diagnostics);

        Assert.True((await browser.Page.EvaluateAsync(PictureChanges)).GetInt32() > 0, "the picture did not change in 700 ms: the stream is not live");
        JsonNode state = await GetStateAsync(daemon);
        Assert.True((int)state["stream"]!["clientCount"]! >= 1, $"the page's <img> is not a viewer in /state: {state}");
        long png = await browser.ScreenshotAsync("/tmp/camstreamd-viewer-desktop.png");
        Assert.True(png > 20_000, $"the screenshot is only {png} bytes: the page rendered (almost) nothing");
    }

    [Fact]
    public async Task ViewerPage_OnDarkPhone_FitsTheScreenAndUsesDarkColours()
    {
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(DaemonProcess.FreePort(), TestPattern);
        await using ChromiumBrowser browser = await ChromiumBrowser.OpenAsync(daemon.BaseAddress);
        await browser.Page.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject
        {
            ["width"] = 390, ["height"] = 844, ["deviceScaleFactor"] = 2, ["mobile"] = true,
        });
        await browser.Page.SendAsync("Emulation.setEmulatedMedia", new JsonObject
        {
            ["features"] = new JsonArray(new JsonObject { ["name"] = "prefers-color-scheme", ["value"] = "dark" }),
        });

        await browser.WaitForAsync(ShowsLiveTestPattern, PageTimeout, Diagnostics);

        Assert.Equal(390, (await browser.Page.EvaluateAsync("window.innerWidth")).GetInt32());
        int pageWidth = (await browser.Page.EvaluateAsync("document.documentElement.scrollWidth")).GetInt32();
        Assert.True(pageWidth <= 390, $"the page is {pageWidth} px wide on a 390 px phone: it scrolls sideways");
        Assert.Equal("rgb(15, 17, 20)", (await browser.Page.EvaluateAsync("getComputedStyle(document.body).backgroundColor")).GetString());
        int imageWidth = (await browser.Page.EvaluateAsync("Math.round(document.getElementById('live').getBoundingClientRect().width)")).GetInt32();
        Assert.InRange(imageWidth, 300, 390);
        long png = await browser.ScreenshotAsync("/tmp/camstreamd-viewer-phone-dark.png");
        Assert.True(png > 20_000, $"the screenshot is only {png} bytes: the page rendered (almost) nothing");
    }

    [Fact]
    public async Task ViewerPage_WhenDaemonRestarts_SaysSoAndReopensTheStream()
    {
        int port = DaemonProcess.FreePort();
        // Disposed early on purpose (the restart); `await using` also covers a browser that fails to open.
        await using DaemonProcess first = await DaemonProcess.StartAsync(port, TestPattern);
        await using ChromiumBrowser browser = await ChromiumBrowser.OpenAsync(first.BaseAddress);
        try
        {
            await browser.WaitForAsync(ShowsLiveTestPattern, PageTimeout, Diagnostics);
        }
        finally
        {
            await first.DisposeAsync();
        }

        await browser.WaitForAsync("document.getElementById('alert').textContent.startsWith('cannot reach camstreamd')", PageTimeout, Diagnostics);
        await using DaemonProcess second = await DaemonProcess.StartAsync(port, TestPattern);

        await browser.WaitForAsync($"window.camstreamd.reconnects >= 1 && {ShowsLiveTestPattern} && document.getElementById('alert').className !== 'bad'", PageTimeout, Diagnostics);
        Assert.True((await browser.Page.EvaluateAsync(PictureChanges)).GetInt32() > 0, "after the restart the picture is frozen");
        JsonNode state = await GetStateAsync(second);
        Assert.True((int)state["stream"]!["clientCount"]! >= 1, $"the restarted daemon has no viewer: the page did not reconnect: {state}");
    }

    [Fact]
    public async Task Root_ServesASmallSelfContainedPage()
    {
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(DaemonProcess.FreePort(), TestPattern);
        using HttpClient http = new() { BaseAddress = daemon.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        using HttpResponseMessage response = await http.GetAsync(new Uri("/", UriKind.Relative));
        string html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.InRange(html.Length, 1_000, 12_000);
        // The box sits on a LAN without internet: nothing may come from elsewhere.
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<img id=\"live\" src=\"/stream\"", html, StringComparison.Ordinal);
    }

    private static async Task<JsonNode> GetStateAsync(DaemonProcess daemon)
    {
        using HttpClient http = new() { BaseAddress = daemon.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        return JsonNode.Parse(await http.GetStringAsync(new Uri("state", UriKind.Relative)))!;
    }
}
