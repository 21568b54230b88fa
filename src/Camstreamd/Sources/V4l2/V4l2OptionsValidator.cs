using Camstreamd.Configuration;

namespace Camstreamd.Sources.V4l2;

/// <summary>The Camera keys a V4L2 camera needs, checked at start.</summary>
internal static class V4l2OptionsValidator
{
    /// <summary><c>Camera:Source=v4l2</c>: the controls, against the configured device.</summary>
    public static void Validate(CameraOptions camera, ICollection<string> errors) =>
        ValidateControls(camera.Device, camera, errors);

    /// <summary><c>Camera:Source=auto</c>: the controls, against the camera auto would pick, when there is one.</summary>
    public static void ValidateAuto(CameraOptions camera, ICollection<string> errors)
    {
        if (V4l2DeviceFinder.FindFirstCaptureDevice() is { } device)
        {
            ValidateControls(device, camera, errors);
        }
    }

    // Controls are checked against the camera itself, so a typo stops the daemon with the device's own list.
    private static void ValidateControls(string device, CameraOptions camera, ICollection<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(device))
        {
            V4l2ControlValidator.Validate(device, camera.Controls, errors);
        }
    }
}
