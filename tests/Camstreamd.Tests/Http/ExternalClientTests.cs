using System.Diagnostics;
using System.Text.RegularExpressions;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Http;

/// <summary>The stream and snapshot URLs as ffmpeg, VLC's and Home Assistant's kind of client reads them.</summary>
public sealed partial class ExternalClientTests
{
    [Theory]
    [InlineData("/stream")]
    [InlineData("/?action=stream")]
    public async Task Ffmpeg_ReadsFramesFromTheStream(string path)
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=320", "--Camera:Height=240", "--Camera:FramesPerSecond=15");

        ProcessResult result = await ProcessRunner.RunAsync(
            "ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "info", "-f", "mpjpeg", "-i", new Uri(server.BaseAddress, path).ToString(), "-frames:v", "20", "-f", "null", "-"],
            TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.Output);
        // ffmpeg prints progress lines; the last one has the final count.
        Match frames = FramesLine().Matches(result.Output).LastOrDefault() ?? Match.Empty;
        Assert.True(frames.Success, result.Output);
        Assert.Equal(20, int.Parse(frames.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("320x240", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ffprobe_ReadsTheSnapshotAsAJpegOfTheConfiguredSize()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=480", "--Camera:Height=270");

        ProcessResult result = await ProcessRunner.RunAsync(
            "ffprobe", ["-hide_banner", "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", new Uri(server.BaseAddress, "/snapshot").ToString()],
            TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal("mjpeg,480,270", result.Output.Trim());
    }

    [Fact]
    public async Task Curl_GetsTheSnapshot()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=320", "--Camera:Height=240");

        ProcessResult result = await ProcessRunner.RunAsync("curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code} %{content_type} %{size_download}", new Uri(server.BaseAddress, "/snapshot").ToString()], TimeSpan.FromSeconds(30));

        string[] fields = result.Output.Trim().Split(' ');
        Assert.Equal("200", fields[0]);
        Assert.Equal("image/jpeg", fields[1]);
        Assert.True(int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture) > 1000);
    }

    [GeneratedRegex(@"frame=\s*(\d+)")]
    private static partial Regex FramesLine();
}
