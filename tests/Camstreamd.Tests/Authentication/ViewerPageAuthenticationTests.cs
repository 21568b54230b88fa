using System.Text.Json.Nodes;
using Camstreamd.Authentication;
using Camstreamd.Tests.Web;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Authentication;

/// <summary>
/// The viewer page in headless Chromium with <c>Auth:Users</c> set, loaded at a URL without credentials. Through the
/// browser's own prompt (its authentication challenge answered over the DevTools protocol, as a user typing the name
/// and password would), the page, its live stream &lt;img&gt; and its /state polling all work; left unanswered, the
/// page is a 401 and nothing streams.
/// </summary>
public sealed class ViewerPageAuthenticationTests
{
    private const string User = "viewer";
    private const string Password = "chromium-secret";
    private static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(45);
    private static readonly string[] Arguments =
        ["--Camera:Source=testpattern", $"--Auth:Users:0:Name={User}", $"--Auth:Users:0:PasswordHash={PasswordHash.Create(Password)}"];

    private const string ShowsLiveStreamAndState =
        "(() => { const t = id => document.getElementById(id).textContent, img = document.getElementById('live');" +
        " return img.naturalWidth === 1280 && img.naturalHeight === 720 && /^[1-9]/.test(t('viewers')) && t('src').startsWith('testpattern'); })()";

    private const string Diagnostics =
        "JSON.stringify({ url: location.href, body: document.body.innerText.slice(0, 300), img: document.getElementById('live') && document.getElementById('live').naturalWidth })";

    [Fact]
    public async Task ViewerPage_ThroughTheBrowsersPrompt_ShowsTheLiveStreamAndState()
    {
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(DaemonProcess.FreePort(), Arguments);
        await using ChromiumBrowser browser = await ChromiumBrowser.OpenAsync(new Uri("about:blank"));
        await browser.AnswerAuthenticationAsync(User, Password);

        await browser.NavigateAsync(daemon.BaseAddress);
        await browser.WaitForAsync(ShowsLiveStreamAndState, PageTimeout, Diagnostics);

        string challenges = string.Join(", ", browser.AuthenticationChallenges);
        Assert.True(
            browser.AuthenticationChallenges.Count >= 1 && browser.AuthenticationChallenges.All(c => c.Equals("basic realm=camstreamd", StringComparison.OrdinalIgnoreCase)),
            $"the browser was not asked (or asked otherwise) for credentials: [{challenges}]; CDP handler errors: {string.Join("; ", browser.Page.HandlerErrors)}");
        Assert.Equal(daemon.BaseAddress.ToString(), (await browser.Page.EvaluateAsync("location.href")).GetString());
        Assert.True((await browser.Page.EvaluateAsync(ViewerPageTests.PictureChanges)).GetInt32() > 0, "the picture did not change in 700 ms: the stream is not live");
        // The <img> is a viewer the daemon feeds, frame after frame.
        JsonNode? state = null;
        await Eventually.TrueAsync(
            async () => (state = await GetStateAsync(daemon))["stream"]!["clients"]!.AsArray().Any(client => (long)client!["sent"]! >= 20),
            PageTimeout,
            () => $"no viewer got 20 frames: {state}");
        long png = await browser.ScreenshotAsync("/tmp/camstreamd-viewer-authenticated.png");
        Assert.True(png > 20_000, $"the screenshot is only {png} bytes: the page rendered (almost) nothing");
    }

    [Fact]
    public async Task ViewerPage_PromptLeftUnanswered_Is401AndStreamsNothing()
    {
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(DaemonProcess.FreePort(), Arguments);
        await using ChromiumBrowser browser = await ChromiumBrowser.OpenAsync(new Uri("about:blank"));
        await browser.RecordResponsesAsync();

        await browser.NavigateAsync(daemon.BaseAddress);

        string page = daemon.BaseAddress.ToString();
        await Eventually.TrueAsync(
            () => browser.Responses.Any(r => r.Url == page),
            PageTimeout,
            () => $"the browser received no response for {page}: [{string.Join(", ", browser.Responses)}]");
        (string _, int status, string? challenge) = browser.Responses.First(r => r.Url == page);
        Assert.Equal(401, status);
        Assert.Equal(AuthResponses.Challenge, challenge);
        // Headless Chromium has nobody to type into its prompt: once it is done with the navigation (it shows an error
        // page), the page is not the viewer.
        await browser.WaitForAsync("document.readyState === 'complete' && location.href !== 'about:blank'", PageTimeout, Diagnostics);
        Assert.False((await browser.Page.EvaluateAsync("!!document.getElementById('live')")).GetBoolean(), "the viewer page loaded without credentials");
        Assert.DoesNotContain(browser.Responses, r => r.Status == 200);
        Assert.Equal(0, (int)(await GetStateAsync(daemon))["stream"]!["clientCount"]!);
    }

    private static async Task<JsonNode> GetStateAsync(DaemonProcess daemon)
    {
        using HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
        using HttpRequestMessage request = new(HttpMethod.Get, new Uri(daemon.BaseAddress, "/state"));
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{User}:{Password}")));
        using HttpResponseMessage response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
