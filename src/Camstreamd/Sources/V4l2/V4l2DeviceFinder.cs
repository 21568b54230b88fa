using Camstreamd.V4l2;

namespace Camstreamd.Sources.V4l2;

/// <summary>Finds V4L2 capture nodes: /dev/video* that answer QUERYCAP as streaming video capture devices.</summary>
internal static class V4l2DeviceFinder
{
    /// <summary>Every /dev/videoN that can stream video capture, in number order, with its capabilities.</summary>
    public static IReadOnlyList<(string Path, V4l2Capabilities Capabilities)> FindCaptureDevices(string directory = "/dev")
    {
        List<(string, V4l2Capabilities)> found = new();
        if (!Directory.Exists(directory))
        {
            return found;
        }

        IEnumerable<string> nodes = Directory.EnumerateFiles(directory, "video*")
            .Where(path => int.TryParse(Path.GetFileName(path).AsSpan(5), out _))
            .OrderBy(path => int.Parse(Path.GetFileName(path).AsSpan(5), System.Globalization.CultureInfo.InvariantCulture));
        foreach (string path in nodes)
        {
            try
            {
                using V4l2Device device = V4l2Device.Open(path);
                if (device.Capabilities.CanStreamCapture)
                {
                    found.Add((path, device.Capabilities));
                }
            }
            catch (V4l2Exception)
            {
                // Busy, gone or not ours to open: not a device we could use now.
            }
        }

        return found;
    }

    /// <summary>The first streaming capture device, or null: what <c>Camera:Source=auto</c> picks.</summary>
    public static string? FindFirstCaptureDevice(string directory = "/dev") =>
        FindCaptureDevices(directory).Select(d => d.Path).FirstOrDefault();
}
