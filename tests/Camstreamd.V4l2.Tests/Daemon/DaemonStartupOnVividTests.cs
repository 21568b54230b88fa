using Camstreamd.TestSupport;
using Camstreamd.V4l2.Tests.Device;

namespace Camstreamd.V4l2.Tests.Daemon;

/// <summary>The real daemon binary refuses a bad Camera:Controls entry before serving, listing what the camera offers.</summary>
[Trait("Requires", Vivid.Requires)]
public sealed class DaemonStartupOnVividTests
{
    private static readonly string Daemon = Path.Combine(AppContext.BaseDirectory, "camstreamd.dll");

    [Theory]
    [InlineData("--Camera:Controls:brightnes=100", "brightness")]
    [InlineData("--Camera:Controls:brightness=100000", "brightness")]
    public async Task BadControl_StopsTheDaemonWithTheDevicesList(string control, string offered)
    {
        using TempDirectory folder = new();
        string config = Path.Combine(folder.Path, "empty.json");
        await File.WriteAllTextAsync(config, "{}");

        ProcessResult result = await ProcessRunner.RunAsync(
            "dotnet",
            [Daemon, "--config", config, "--Http:Address=127.0.0.1", "--Http:Port=0", "--Camera:Source=v4l2", $"--Camera:Device={Vivid.Webcam}", control],
            TimeSpan.FromSeconds(60));

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("Camera:Controls:", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(offered, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", result.Output, StringComparison.Ordinal);
    }
}
