using Camstreamd.Sources.Command;
using Microsoft.Extensions.Time.Testing;

namespace Camstreamd.Tests.Sources.Command;

public sealed class SilenceWatchTests
{
    private static readonly TimeSpan DeviceTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan StartAllowance = TimeSpan.FromSeconds(12);

    private readonly FakeTimeProvider _time = new();
    private readonly SilenceWatch _watch;

    public SilenceWatchTests()
    {
        _watch = new SilenceWatch(_time, DeviceTimeout, StartAllowance);
        _watch.Started();
    }

    [Fact]
    public void Overdue_BeforeTheFirstImage_OnlyOnceTheStartAllowanceHasPassed()
    {
        _time.Advance(StartAllowance - TimeSpan.FromMilliseconds(1));
        Assert.Null(_watch.Overdue(bytesReceived: 19));

        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(
            "sent no valid JPEG image within 12 s of starting (19 bytes received); it must write MJPEG (concatenated JPEGs) to its standard output",
            _watch.Overdue(bytesReceived: 19));
    }

    [Fact]
    public void Overdue_BrokenImagesBeforeTheFirstWholeOne_DoNotEndTheStartAllowance()
    {
        // 8 s in, 4 s after the last (broken) image: past Camera:DeviceTimeout, within the start allowance.
        _time.Advance(DeviceTimeout * 2);
        _watch.ImageCame();
        _time.Advance(DeviceTimeout * 2);

        Assert.Null(_watch.Overdue(bytesReceived: 1000));
    }

    [Fact]
    public void Overdue_AfterTheFirstImage_CountsCameraDeviceTimeoutFromTheLastImage()
    {
        _watch.ImageCame();
        _watch.FirstImageCame();
        _time.Advance(DeviceTimeout - TimeSpan.FromMilliseconds(1));
        _watch.ImageCame();
        _time.Advance(DeviceTimeout - TimeSpan.FromMilliseconds(1));
        Assert.Null(_watch.Overdue(bytesReceived: 0));

        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal("sent no JPEG image for 2 s (Camera:DeviceTimeout): it hung or stopped sending", _watch.Overdue(bytesReceived: 0));
    }

    [Fact]
    public void Started_AgainAfterARestart_GivesTheStartAllowanceAnew()
    {
        _watch.ImageCame();
        _watch.FirstImageCame();
        _time.Advance(DeviceTimeout);
        Assert.NotNull(_watch.Overdue(bytesReceived: 0));

        _watch.Started();
        _time.Advance(DeviceTimeout);

        Assert.Null(_watch.Overdue(bytesReceived: 0));
    }
}
