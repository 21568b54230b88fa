namespace Camstreamd.V4l2;

/// <summary>What VIDIOC_QUERYCAP reports about a device node.</summary>
/// <param name="DeviceCaps">The node's own capabilities (device_caps), or the driver's when the driver reports none.</param>
public sealed record V4l2Capabilities(string Driver, string Card, string BusInfo, uint Version, uint Capabilities, uint DeviceCaps)
{
    private const uint VideoCapture = 0x00000001;
    private const uint VideoCaptureMplane = 0x00001000;
    private const uint Streaming = 0x04000000;

    public bool IsSinglePlanarCapture => (DeviceCaps & VideoCapture) != 0;

    public bool IsMultiPlanarCapture => (DeviceCaps & VideoCaptureMplane) != 0;

    /// <summary>True for a node we can capture from: video capture (single- or multi-planar) with streaming I/O.</summary>
    public bool CanStreamCapture => (IsSinglePlanarCapture || IsMultiPlanarCapture) && (DeviceCaps & Streaming) != 0;

    /// <summary>Kernel version of the driver, as "6.1.192".</summary>
    public string VersionText => $"{(Version >> 16) & 0xFF}.{(Version >> 8) & 0xFF}.{Version & 0xFF}";
}
