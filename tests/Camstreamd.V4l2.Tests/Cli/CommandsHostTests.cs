using System.Text.Json;
using Camstreamd.Cli;

namespace Camstreamd.V4l2.Tests.Cli;

/// <summary>The commands where there is no camera (this host) and with bad arguments.</summary>
public sealed class CommandsHostTests : IDisposable
{
    private readonly string _emptyDev = Directory.CreateTempSubdirectory("camstreamd-dev-").FullName;

    [Fact]
    public void Devices_NoCamera_SaysSoAndSucceeds()
    {
        StringWriter output = new();

        int code = DevicesCommand.Run([], output, _emptyDev);

        Assert.Equal(0, code);
        Assert.Contains("No V4L2 capture devices found", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Devices_Json_NoCamera_IsAnEmptyList()
    {
        StringWriter output = new();

        DevicesCommand.Run(["--json"], output, _emptyDev);

        using JsonDocument json = System.Text.Json.JsonDocument.Parse(output.ToString());
        Assert.Equal(0, json.RootElement.GetProperty("devices").GetArrayLength());
    }

    [Fact]
    public void Devices_UnknownArgument_IsUsageError()
    {
        StringWriter output = new();

        Assert.Equal(2, DevicesCommand.Run(["--yaml"], output, _emptyDev));
        Assert.Contains("unknown argument '--yaml'", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Controls_NotAVideoDevice_FailsNamingTheDeviceAndIoctl()
    {
        StringWriter output = new();

        Assert.Equal(1, ControlsCommand.Run(["--device", "/dev/null"], output, _emptyDev));
        Assert.Contains("/dev/null: VIDIOC_QUERYCAP failed", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Controls_NoCamera_AsksForDevice()
    {
        StringWriter output = new();

        Assert.Equal(1, ControlsCommand.Run([], output, _emptyDev));
        Assert.Contains("--device PATH", output.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_emptyDev, recursive: true);
}
