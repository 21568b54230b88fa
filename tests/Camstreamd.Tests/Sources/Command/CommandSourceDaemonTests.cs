using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Sources.Command;

/// <summary>The real daemon binary with Camera:Source=command running ffmpeg, read by real clients.</summary>
public sealed partial class CommandSourceDaemonTests
{
    private const string Ffmpeg = "ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc=size={width}x{height}:rate={fps} -f mjpeg -q:v 5 -";

    [Fact]
    public async Task StreamAndSnapshot_FromFfmpeg_ReachRealClients_AndIdleReleaseStopsAndRestartsTheCommand()
    {
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(
            DaemonProcess.FreePort(), "--Camera:Source=command", $"--Camera:Command={Ffmpeg}", "--Camera:Width=320", "--Camera:Height=240",
            "--Camera:FramesPerSecond=20", "--Streaming:IdleTimeout=1");
        using HttpClient http = new() { BaseAddress = daemon.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };

        // /snapshot starts the command and waits for its first picture.
        using HttpResponseMessage snapshot = await http.GetAsync(new Uri("snapshot", UriKind.Relative));
        Assert.True(snapshot.IsSuccessStatusCode, daemon.Output);
        (_, int width, int height) = TestJpegs.Decode(await snapshot.Content.ReadAsByteArrayAsync());
        Assert.Equal((320, 240), (width, height));
        int first = await CommandPidAsync(http);

        // ffmpeg reads /stream as an MJPEG client would and decodes 10 pictures of the right size.
        string url = new Uri(daemon.BaseAddress, "stream").ToString();
        ProcessResult ffprobe = await ProcessRunner.RunAsync(
            "ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "mpjpeg", "-i", url, "-frames:v", "10", "-f", "framemd5", "-"], TimeSpan.FromSeconds(30));
        Assert.True(ffprobe.ExitCode == 0, ffprobe.Output + daemon.Output);
        Assert.Equal(10, Regex.Matches(ffprobe.StandardOutput, @"^0,\s+\d+", RegexOptions.Multiline).Count);

        // No viewer for Streaming:IdleTimeout: the command is ended and reaped (no zombie left in /proc).
        await Eventually.TrueAsync(() => !File.Exists($"/proc/{first}/stat"), TimeSpan.FromSeconds(8), () => $"pid {first} is still in /proc: {daemon.Output}");

        // The capture loop marks the source idle just after the command is gone.
        await Eventually.TrueAsync(async () => (await SourceAsync(http)).GetProperty("state").GetString() == "idle", TimeSpan.FromSeconds(5), () => daemon.Output);

        // curl as the next viewer starts it again, a new process.
        ProcessResult curl = await ProcessRunner.RunAsync("curl", ["-s", "--max-time", "3", "-o", "/dev/null", "-w", "%{size_download}", url], TimeSpan.FromSeconds(20));
        Assert.True(long.Parse(curl.StandardOutput, CultureInfo.InvariantCulture) > 10_000, $"curl read {curl.StandardOutput} bytes");
        int second = await CommandPidAsync(http);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task CommandThatFails_StateShowsItsExitCodeAndLastErrorLine()
    {
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(
            DaemonProcess.FreePort(), "--Camera:Source=command", "--Camera:Command=sh -c 'echo ERROR: no cameras available >&2; exit 255'");
        using HttpClient http = new() { BaseAddress = daemon.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };

        using HttpResponseMessage snapshot = await http.GetAsync(new Uri("snapshot", UriKind.Relative));
        Assert.False(snapshot.IsSuccessStatusCode);
        JsonElement source = await SourceAsync(http);

        Assert.Matches(@"^command sh \(pid \d+\) exited with code 255: ERROR: no cameras available$", source.GetProperty("lastError").GetString());
        // The console logger writes on its own thread: /state can show the error before its log line is out.
        await daemon.WaitForOutputAsync("exited with code 255: ERROR: no cameras available", TimeSpan.FromSeconds(15));
    }

    private static async Task<JsonElement> SourceAsync(HttpClient http)
    {
        using JsonDocument state = JsonDocument.Parse(await http.GetStringAsync(new Uri("state", UriKind.Relative)));
        return state.RootElement.GetProperty("source").Clone();
    }

    /// <summary>The pid of the running command, from /state's source detail.</summary>
    private static async Task<int> CommandPidAsync(HttpClient http)
    {
        int pid = 0;
        Stopwatch clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            JsonElement source = await SourceAsync(http);
            Match match = PidPattern().Match(source.GetProperty("detail").GetString() ?? "");
            if (source.GetProperty("state").GetString() == "running" && match.Success)
            {
                pid = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                break;
            }

            await Task.Delay(100);
        }

        Assert.True(pid > 0, "no running command in /state");
        Assert.True(File.Exists($"/proc/{pid}/stat"));
        return pid;
    }

    [GeneratedRegex(@"pid (\d+)")]
    private static partial Regex PidPattern();
}
