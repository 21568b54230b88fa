using System.Globalization;
using Camstreamd.Configuration;
using Camstreamd.TurboJpeg;
using Camstreamd.V4l2;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Sources.V4l2;

/// <summary>What Open sets on the device before streaming: Camera:Controls, and the orientation the sensor can do itself.</summary>
internal static class V4l2DeviceSettings
{
    private const uint V4L2_CID_HFLIP = 0x00980914;
    private const uint V4L2_CID_VFLIP = 0x00980915;
    private const uint V4L2_CID_ROTATE = 0x00980922;

    public static void ApplyControls(V4l2Device device, CameraOptions options, ILogger logger)
    {
        foreach ((string name, int value) in options.Controls)
        {
            try
            {
                device.SetControl(name, value);
                Log.ControlSet(logger, device.Path, V4l2ControlName.Normalize(name), value);
            }
            catch (V4l2Exception error)
            {
                throw new FrameSourceException($"Camera:Controls:{name}={value.ToString(CultureInfo.InvariantCulture)} rejected: {error.Message}", error);
            }
        }
    }

    /// <summary>
    /// Rotation and flips through the sensor's own controls when it has them (free); returns what is left, to be
    /// applied as a lossless JPEG transform (no re-encoding) to every frame.
    /// </summary>
    public static JpegTransform ApplyOrientation(V4l2Device device, CameraOptions options, ILogger logger)
    {
        string path = device.Path;
        int rotation = options.Rotation;
        bool flipH = options.FlipHorizontal;
        bool flipV = options.FlipVertical;
        IReadOnlyList<V4l2ControlInfo> controls = device.ListControls();
        if (flipH && TrySet(device, controls, V4L2_CID_HFLIP, 1))
        {
            Log.Orientation(logger, path, "horizontal flip", "the device's control");
            flipH = false;
        }

        if (flipV && TrySet(device, controls, V4L2_CID_VFLIP, 1))
        {
            Log.Orientation(logger, path, "vertical flip", "the device's control");
            flipV = false;
        }

        if (rotation != 0 && TrySet(device, controls, V4L2_CID_ROTATE, rotation))
        {
            Log.Orientation(logger, path, $"rotation {rotation}", "the device's control");
            rotation = 0;
        }

        JpegTransform transform = JpegTransforms.Combine(rotation, flipH, flipV);
        if (transform != JpegTransform.None)
        {
            Log.Orientation(logger, path, transform.ToString(), "a lossless JPEG transform");
        }

        return transform;
    }

    private static bool TrySet(V4l2Device device, IReadOnlyList<V4l2ControlInfo> controls, uint id, int value)
    {
        V4l2ControlInfo? control = controls.FirstOrDefault(c => c.Id == id);
        if (control is null || control.IsReadOnly || !control.Accepts(value))
        {
            return false;
        }

        device.SetControl(id, value);
        return true;
    }
}
