namespace Camstreamd.V4l2.Tests.Device;

[Trait("Requires", Vivid.Requires)]
public sealed class ControlTests
{
    [Fact]
    public void ListControls_Vivid_HasUserAndMenuControlsWithRanges()
    {
        using V4l2Device device = V4l2Device.Open(Vivid.Webcam);

        IReadOnlyList<V4l2ControlInfo> controls = device.ListControls();

        V4l2ControlInfo brightness = Assert.Single(controls, c => c.Key == "brightness");
        Assert.Equal((0x00980900u, V4l2ControlType.Integer, 0, 255, 128), (brightness.Id, brightness.Type, brightness.Minimum, brightness.Maximum, brightness.DefaultValue));
        V4l2ControlInfo menu = Assert.Single(controls, c => c.Key == "menu");
        Assert.Equal([1, 3, 4], menu.Menu.Select(m => m.Index));
        V4l2ControlInfo movement = Assert.Single(controls, c => c.Key == "horizontal_movement");
        Assert.Equal("Move Right Fast", movement.Menu[^1].Name);
        Assert.Contains(controls, c => c.Key == "disconnect" && c.Type == V4l2ControlType.Button);
        Assert.DoesNotContain(controls, c => c.Type == V4l2ControlType.ControlClass);
    }

    [Fact]
    public void SetControl_ByName_ReadsBack()
    {
        using V4l2Device device = V4l2Device.Open(Vivid.Webcam);
        try
        {
            device.SetControl("brightness", 140);
            device.SetControl("Horizontal Movement", 5);

            Assert.Equal(140, device.GetControl("brightness"));
            Assert.Equal(5, device.GetControl("horizontal_movement"));
        }
        finally
        {
            device.SetControl("brightness", 128);
            device.SetControl("horizontal_movement", 3);
        }
    }

    [Fact]
    public void SetControl_UnknownName_ListsWhatTheDeviceOffers()
    {
        using V4l2Device device = V4l2Device.Open(Vivid.Webcam);

        V4l2Exception error = Assert.Throws<V4l2Exception>(() => device.SetControl("brightnes", 1));

        Assert.Contains("unknown control 'brightnes'", error.Message, StringComparison.Ordinal);
        Assert.Contains("brightness (int 0..255 step 1 default 128)", error.Message, StringComparison.Ordinal);
        Assert.Contains(Vivid.Webcam, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("brightness", 256, "int 0..255")]
    [InlineData("menu", 2, "menu 1=Menu Item 1, 3=Menu Item 3, 4=Menu Item 4")]
    [InlineData("read_only_integer_32_bits", 1, "read-only")]
    public void SetControl_BadValue_IsRejectedWithTheRange(string name, int value, string expected)
    {
        using V4l2Device device = V4l2Device.Open(Vivid.Webcam);

        V4l2Exception error = Assert.Throws<V4l2Exception>(() => device.SetControl(name, value));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }
}
