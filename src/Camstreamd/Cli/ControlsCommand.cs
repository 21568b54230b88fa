using System.Globalization;
using Camstreamd.Sources.V4l2;
using Camstreamd.V4l2;

namespace Camstreamd.Cli;

/// <summary>
/// <c>camstreamd controls [--device PATH]</c>: the device's controls with type, range, default and current
/// value, named as Camera:Controls takes them. Without --device, the first capture device.
/// </summary>
internal static class ControlsCommand
{
    public const string Usage = "usage: camstreamd controls [--device PATH]";

    /// <summary>Runs the command; <paramref name="args"/> are the arguments after "controls". Returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output) => Run(args, output, "/dev");

    internal static int Run(string[] args, TextWriter output, string deviceDirectory)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        string? path = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--device" && i + 1 < args.Length)
            {
                path = args[++i];
            }
            else if (args[i].StartsWith("--device=", StringComparison.Ordinal))
            {
                path = args[i]["--device=".Length..];
            }
            else
            {
                output.WriteLine($"camstreamd controls: unknown or incomplete argument '{args[i]}'. {Usage}");
                return 2;
            }
        }

        path ??= V4l2DeviceFinder.FindFirstCaptureDevice(deviceDirectory);
        if (path is null)
        {
            output.WriteLine("camstreamd controls: no V4L2 capture device found; name one with --device PATH.");
            return 1;
        }

        try
        {
            using V4l2Device device = V4l2Device.Open(path);
            output.WriteLine($"{path}: {device.Capabilities.Card} ({device.Capabilities.Driver})");
            output.WriteLine($"  {"NAME",-32}  {"VALUE",-11}  RANGE AND FLAGS");
            foreach (V4l2ControlInfo control in device.ListControls())
            {
                output.WriteLine($"  {control.Key,-32}  {CurrentValue(device, control),-11}  {control.DescribeRange()}{Flags(control)}");
            }

            return 0;
        }
        catch (V4l2Exception error)
        {
            output.WriteLine($"camstreamd controls: {error.Message}");
            return 1;
        }
    }

    private static string CurrentValue(V4l2Device device, V4l2ControlInfo control)
    {
        if (!control.IsSimple || control.IsWriteOnly || control.Type == V4l2ControlType.Button)
        {
            return "-";
        }

        try
        {
            int value = device.GetControl(control.Id);
            V4l2MenuItem? item = control.Menu.FirstOrDefault(m => m.Index == value);
            return item is null ? value.ToString(CultureInfo.InvariantCulture) : $"{value} ({(control.Type == V4l2ControlType.IntegerMenu ? item.Value.ToString(CultureInfo.InvariantCulture) : item.Name)})";
        }
        catch (V4l2Exception error)
        {
            // Some controls cannot be read in every state (EACCES, EBUSY); show why instead of failing the listing.
            return $"? ({error.Errno})";
        }
    }

    private static string Flags(V4l2ControlInfo control)
    {
        List<string> flags = new();
        if (control.IsReadOnly)
        {
            flags.Add("read-only");
        }

        if (control.IsWriteOnly)
        {
            flags.Add("write-only");
        }

        if (control.IsInactive)
        {
            flags.Add("inactive");
        }

        return flags.Count == 0 ? "" : $" [{string.Join(", ", flags)}]";
    }
}
