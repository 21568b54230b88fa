using System.Text.Json;
using Camstreamd.Cli;
using Camstreamd.V4l2.Tests.Device;

namespace Camstreamd.V4l2.Tests.Cli;

[Trait("Requires", Vivid.Requires)]
public sealed class CommandsDeviceTests
{
    [Fact]
    public void Devices_Json_ListsEveryVividNodeWithFormatsSizesAndRates()
    {
        StringWriter output = new();

        Assert.Equal(0, DevicesCommand.Run(["--json"], output));

        using JsonDocument json = JsonDocument.Parse(output.ToString());
        JsonElement[] devices = [.. json.RootElement.GetProperty("devices").EnumerateArray()];
        Assert.Equal([Vivid.Webcam, Vivid.MultiPlanar, Vivid.Hdmi], devices.Take(3).Select(d => d.GetProperty("path").GetString()));
        JsonElement webcam = devices[0];
        Assert.Equal("vivid", webcam.GetProperty("driver").GetString());
        Assert.StartsWith("platform:vivid", webcam.GetProperty("bus").GetString(), StringComparison.Ordinal);
        Assert.True(devices[1].GetProperty("multiPlanar").GetBoolean());
        JsonElement yuyv = webcam.GetProperty("formats").EnumerateArray().First(f => f.GetProperty("fourcc").GetString() == "YUYV");
        JsonElement vga = yuyv.GetProperty("sizes").EnumerateArray().First(s => s.GetProperty("width").GetInt32() == 640 && s.GetProperty("height").GetInt32() == 480);
        Assert.Equal(25, vga.GetProperty("framesPerSecond")[0].GetDouble());
    }

    [Fact]
    public void Devices_Table_IsReadable()
    {
        StringWriter output = new();

        DevicesCommand.Run([], output);

        string text = output.ToString();
        Assert.Contains($"{Vivid.Webcam}: vivid", text, StringComparison.Ordinal);
        Assert.Matches(@"\n  YUYV +640x480 +25, ", text);
        Assert.Contains("bus platform:vivid-000", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Controls_ListsRangesDefaultsAndCurrentValues()
    {
        StringWriter output = new();

        Assert.Equal(0, ControlsCommand.Run(["--device", Vivid.Webcam], output));

        string text = output.ToString();
        Assert.Matches(@"\n  brightness +128 +int 0\.\.255 step 1 default 128", text);
        Assert.Matches(@"\n  menu +3 \(Menu Item 3\) +menu 1=Menu Item 1, 3=Menu Item 3, 4=Menu Item 4 default 3", text);
        Assert.Matches(@"\n  disconnect +- +button \(write 1\) \[write-only\]", text);
    }
}
