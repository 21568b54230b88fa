using System.Globalization;
using Camstreamd.V4l2;

namespace Camstreamd.Sources.V4l2;

/// <summary>
/// Checks Camera:Controls against the device at startup, before anything is served, without changing
/// the device: an unknown name or a value the control does not allow is an error listing what the device
/// offers. A device that is absent or busy now is not an error here (it may be plugged in later; Open
/// reports it then).
/// </summary>
internal static class V4l2ControlValidator
{
    public static void Validate(string devicePath, IReadOnlyDictionary<string, int> controls, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(controls);
        ArgumentNullException.ThrowIfNull(errors);
        if (controls.Count == 0)
        {
            return;
        }

        V4l2Device device;
        try
        {
            device = V4l2Device.Open(devicePath);
        }
        catch (V4l2Exception)
        {
            return;
        }

        using (device)
        {
            foreach ((string name, int value) in controls)
            {
                string setting = $"Camera:Controls:{name}={value.ToString(CultureInfo.InvariantCulture)}";
                V4l2ControlInfo? control = device.FindControl(name);
                if (control is null)
                {
                    errors.Add($"{setting}: {devicePath} ({device.Capabilities.Card}) has no control '{name}'; it offers: {device.DescribeControls()}");
                }
                else if (!control.IsSimple || control.IsReadOnly)
                {
                    errors.Add($"{setting}: control '{control.Key}' of {devicePath} cannot be set ({(control.IsReadOnly ? "read-only" : control.Type.ToString())})");
                }
                else if (!control.Accepts(value))
                {
                    errors.Add($"{setting}: not allowed for '{control.Key}' of {devicePath}: {control.DescribeRange()}");
                }
            }
        }
    }
}
