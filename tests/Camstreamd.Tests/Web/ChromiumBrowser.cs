using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Web;

/// <summary>
/// Debian's headless Chromium with one page open at a URL, driven over the DevTools protocol.
/// Port 0 lets Chromium pick a free debugging port, which it writes to DevToolsActivePort.
/// </summary>
internal sealed class ChromiumBrowser : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _profileDirectory;
    private readonly ProcessOutput _output = new();
    private readonly ConcurrentQueue<string> _challenges = new();
    private readonly ConcurrentQueue<(string Url, int Status, string? Challenge)> _responses = new();

    private ChromiumBrowser(Process process, string profileDirectory)
    {
        _process = process;
        _profileDirectory = profileDirectory;
    }

    public CdpConnection Page { get; private set; } = null!;

    public static async Task<ChromiumBrowser> OpenAsync(Uri url, int width = 1280, int height = 900)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: the viewer page test needs Debian's chromium (apt-get install chromium)");
        }

        string profile = Directory.CreateTempSubdirectory("camstreamd-chromium-").FullName;
        ProcessStartInfo start = new(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--hide-scrollbars", "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0", $"--user-data-dir={profile}", $"--window-size={width},{height}",
            url.ToString(),
        })
        {
            start.ArgumentList.Add(argument);
        }

        ChromiumBrowser browser = new(Process.Start(start) ?? throw new InvalidOperationException($"{ExecutablePath} did not start"), profile);
        browser._output.Follow(browser._process);
        try
        {
            browser.Page = await CdpConnection.ConnectAsync(await browser.FindPageAsync());
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>The challenges the browser met and <see cref="AnswerAuthenticationAsync"/> answered: scheme and realm of each.</summary>
    public IReadOnlyCollection<string> AuthenticationChallenges => _challenges;

    /// <summary>
    /// From now on answers the browser's own authentication prompt with <paramref name="user"/> and
    /// <paramref name="password"/>, as someone typing them into it would (what puppeteer's page.authenticate does):
    /// Fetch.enable with handleAuthRequests pauses every request, which is let go on unchanged, and raises
    /// Fetch.authRequired for a 401 with a challenge, which is answered with the credentials. Chromium then keeps
    /// them for the realm, as after a prompt, and sends them with the page's later requests without asking again.
    /// </summary>
    public async Task AnswerAuthenticationAsync(string user, string password)
    {
        Page.On("Fetch.requestPaused", paused => Page.SendAsync("Fetch.continueRequest", new JsonObject
        {
            ["requestId"] = paused.GetProperty("requestId").GetString(),
        }));
        Page.On("Fetch.authRequired", required =>
        {
            JsonElement challenge = required.GetProperty("authChallenge");
            _challenges.Enqueue($"{challenge.GetProperty("scheme").GetString()} realm={challenge.GetProperty("realm").GetString()}");
            return Page.SendAsync("Fetch.continueWithAuth", new JsonObject
            {
                ["requestId"] = required.GetProperty("requestId").GetString(),
                ["authChallengeResponse"] = new JsonObject { ["response"] = "ProvideCredentials", ["username"] = user, ["password"] = password },
            });
        });
        await Page.SendAsync("Fetch.enable", new JsonObject { ["handleAuthRequests"] = true });
    }

    /// <summary>The responses the page received since <see cref="RecordResponsesAsync"/>: URL, status and WWW-Authenticate.</summary>
    public IReadOnlyCollection<(string Url, int Status, string? Challenge)> Responses => _responses;

    /// <summary>From now on records every response the page receives (Network.responseReceived).</summary>
    public async Task RecordResponsesAsync()
    {
        Page.On("Network.responseReceived", received =>
        {
            JsonElement response = received.GetProperty("response");
            string? challenge = response.GetProperty("headers").EnumerateObject()
                .Where(header => header.Name.Equals("WWW-Authenticate", StringComparison.OrdinalIgnoreCase))
                .Select(header => header.Value.GetString())
                .FirstOrDefault();
            _responses.Enqueue((response.GetProperty("url").GetString()!, response.GetProperty("status").GetInt32(), challenge));
            return Task.CompletedTask;
        });
        await Page.SendAsync("Network.enable");
    }

    /// <summary>Loads <paramref name="url"/> in the page (returns once the navigation started; poll with <see cref="WaitForAsync"/>).</summary>
    public Task NavigateAsync(Uri url) => Page.SendAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() });

    /// <summary>What Chromium printed, for failure messages.</summary>
    public string Output => _output.ToString();

    /// <summary>Polls a JavaScript condition until it is true; on timeout fails with what <paramref name="diagnostics"/> shows.</summary>
    public async Task WaitForAsync(string condition, TimeSpan timeout, string diagnostics)
    {
        // The page may still be loading (or be about:blank) on the first polls: a throw counts as "not yet".
        string guarded = $"(() => {{ try {{ return !!({condition}); }} catch (e) {{ return false; }} }})()";
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (await Page.EvaluateAsync(guarded) is { ValueKind: JsonValueKind.True })
            {
                return;
            }

            await Task.Delay(200);
        }

        JsonElement seen = await Page.EvaluateAsync($"(() => {{ try {{ return {diagnostics}; }} catch (e) {{ return String(e); }} }})()");
        throw new TimeoutException($"after {timeout.TotalSeconds} s the page still does not satisfy `{condition}`; it shows {seen}");
    }

    /// <summary>Saves a PNG of the viewport and returns its size in bytes.</summary>
    public async Task<long> ScreenshotAsync(string path)
    {
        JsonElement shot = await Page.SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        byte[] png = Convert.FromBase64String(shot.GetProperty("data").GetString()!);
        await File.WriteAllBytesAsync(path, png);
        return png.Length;
    }

    public async ValueTask DisposeAsync()
    {
        if (Page is not null)
        {
            await Page.DisposeAsync();
        }

        await ProcessTermination.KillTreeAsync(_process, TimeSpan.FromSeconds(10));
        _process.Dispose();
        try
        {
            Directory.Delete(_profileDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A late write by a dying helper process; the temp folder is cleaned by the OS eventually.
        }
    }

    private async Task<Uri> FindPageAsync()
    {
        string portFile = Path.Combine(_profileDirectory, "DevToolsActivePort");
        long deadline = Stopwatch.GetTimestamp() + (long)(StartTimeout.TotalSeconds * Stopwatch.Frequency);
        using HttpClient http = new() { Timeout = TimeSpan.FromSeconds(5) };
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"chromium exited with {_process.ExitCode} before it opened the page: {Output}");
            }

            string[] lines = File.Exists(portFile) ? await File.ReadAllLinesAsync(portFile) : [];
            if (lines.Length > 0 && int.TryParse(lines[0], out int port))
            {
                string targets = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/json/list"));
                foreach (JsonNode? target in JsonNode.Parse(targets)!.AsArray())
                {
                    if ((string?)target?["type"] == "page" && (string?)target["webSocketDebuggerUrl"] is { } socketUrl)
                    {
                        return new Uri(socketUrl);
                    }
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"chromium opened no page within {StartTimeout.TotalSeconds} s: {Output}");
    }
}
