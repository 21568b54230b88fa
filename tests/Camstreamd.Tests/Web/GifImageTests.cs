using Camstreamd.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Camstreamd.Tests.Web;

/// <summary>
/// <c>/stream.gif</c> as users embed it: a plain &lt;img&gt; on a page (here a data: URL page, as a wiki or a
/// mail would hold it), in a real headless Chromium against the real daemon.
/// </summary>
public sealed class GifImageTests
{
    private static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task GifInAnImg_IsLive_AtGifWidth()
    {
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(DaemonProcess.FreePort(), "--Camera:Source=testpattern", "--Gif:Width=400", "--Gif:FramesPerSecond=10");
        await using ChromiumBrowser browser = await ChromiumBrowser.OpenAsync(new Uri(daemon.BaseAddress, "/healthz"), 800, 600);
        // A page holding nothing but the <img>, as a wiki or a dashboard would.
        await browser.WaitForAsync("location.pathname === '/healthz' && document.readyState === 'complete'", PageTimeout, "[location.href, document.readyState]");
        await browser.Page.EvaluateAsync("document.documentElement.innerHTML = '<body style=\"margin:0;background:#fff\"><img id=\"gif\" src=\"/stream.gif\"></body>'");

        await browser.WaitForAsync("document.getElementById('gif').naturalWidth > 0", PageTimeout, "[document.getElementById('gif').naturalWidth, document.getElementById('gif').complete, document.body.innerHTML]");
        Assert.Equal(400, (await browser.Page.EvaluateAsync("document.getElementById('gif').naturalWidth")).GetInt32());
        Assert.Equal(225, (await browser.Page.EvaluateAsync("document.getElementById('gif').naturalHeight")).GetInt32());

        await browser.ScreenshotAsync("/tmp/camstreamd-gif-1.png");
        await Task.Delay(TimeSpan.FromSeconds(1));
        await browser.ScreenshotAsync("/tmp/camstreamd-gif-2.png");
        using Image<Rgb24> first = await Image.LoadAsync<Rgb24>("/tmp/camstreamd-gif-1.png");
        using Image<Rgb24> second = await Image.LoadAsync<Rgb24>("/tmp/camstreamd-gif-2.png");
        (int inside, int outside) = CountChanges(first, second, 400, 225);
        Assert.True(inside > 100, $"only {inside} pixels of the GIF changed in 1 s: it is not live");
        Assert.Equal(0, outside);
    }

    [Fact]
    public async Task ViewerPage_WithGifSwitch_ShowsTheGifStream()
    {
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(DaemonProcess.FreePort(), "--Camera:Source=testpattern");
        await using ChromiumBrowser browser = await ChromiumBrowser.OpenAsync(new Uri(daemon.BaseAddress, "/#gif"));

        await browser.WaitForAsync(
            "document.getElementById('live').src.includes('/stream.gif') && document.getElementById('live').naturalWidth === 480 && document.getElementById('kind').textContent === 'show as MJPEG'",
            PageTimeout,
            "[document.getElementById('live').src, document.getElementById('live').naturalWidth, document.getElementById('kind').textContent]");
        using HttpClient http = new() { BaseAddress = daemon.BaseAddress };
        await Eventually.TrueAsync(
            async () => (await http.GetStringAsync("/state")).Contains("\"kind\": \"gif\"", StringComparison.Ordinal),
            PageTimeout,
            () => "no GIF viewer in /state");
    }

    /// <summary>Pixels that differ inside the image's box (top left, <paramref name="width"/> x <paramref name="height"/>) and outside it.</summary>
    private static (int Inside, int Outside) CountChanges(Image<Rgb24> a, Image<Rgb24> b, int width, int height)
    {
        int inside = 0;
        int outside = 0;
        for (int y = 0; y < Math.Min(a.Height, b.Height); y++)
        {
            for (int x = 0; x < Math.Min(a.Width, b.Width); x++)
            {
                if (!a[x, y].Equals(b[x, y]))
                {
                    if (x < width && y < height)
                    {
                        inside++;
                    }
                    else
                    {
                        outside++;
                    }
                }
            }
        }

        return (inside, outside);
    }
}
