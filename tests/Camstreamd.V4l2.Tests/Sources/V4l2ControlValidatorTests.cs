using Camstreamd.Sources.V4l2;
using Camstreamd.V4l2.Tests.Device;

namespace Camstreamd.V4l2.Tests.Sources;

public sealed class V4l2ControlValidatorTests
{
    [Fact]
    public void Validate_NoDevice_IsNotAStartupError()
    {
        List<string> errors = new();

        V4l2ControlValidator.Validate("/dev/camstreamd-no-such-video", new Dictionary<string, int> { ["brightness"] = 1 }, errors);

        Assert.Empty(errors);
    }

    [Fact]
    [Trait("Requires", Vivid.Requires)]
    public void Validate_Vivid_ReportsEveryBadControlAndLeavesGoodOnesAlone()
    {
        List<string> errors = new();
        Dictionary<string, int> controls = new() { ["brightness"] = 140, ["sharpness"] = 1, ["contrast"] = 999, ["menu"] = 2 };

        V4l2ControlValidator.Validate(Vivid.Webcam, controls, errors);

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Camera:Controls:sharpness=1:", StringComparison.Ordinal) && e.Contains("brightness (int 0..255", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Camera:Controls:contrast=999:", StringComparison.Ordinal) && e.Contains("int 0..255", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Camera:Controls:menu=2:", StringComparison.Ordinal));
        using V4l2Device device = V4l2Device.Open(Vivid.Webcam);
        Assert.Equal(128, device.GetControl("brightness"));
    }
}
