using System.Text;
using System.Text.Json;
using Camstreamd.Sources.V4l2;
using Camstreamd.V4l2;

namespace Camstreamd.Cli;

/// <summary>
/// <c>camstreamd devices [--json]</c>: every V4L2 capture device with its card, driver, bus, stable
/// paths, formats, frame sizes and frame rates, as a readable table or as JSON.
/// </summary>
internal static class DevicesCommand
{
    public const string Usage = "usage: camstreamd devices [--json]";

    /// <summary>Runs the command; <paramref name="args"/> are the arguments after "devices". Returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output) => Run(args, output, "/dev");

    internal static int Run(string[] args, TextWriter output, string deviceDirectory)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        bool json = false;
        foreach (string arg in args)
        {
            if (arg == "--json")
            {
                json = true;
            }
            else
            {
                output.WriteLine($"camstreamd devices: unknown argument '{arg}'. {Usage}");
                return 2;
            }
        }

        List<DeviceReport> reports = new();
        List<string> errors = new();
        foreach ((string path, _) in V4l2DeviceFinder.FindCaptureDevices(deviceDirectory))
        {
            try
            {
                using V4l2Device device = V4l2Device.Open(path);
                reports.Add(DeviceReport.Collect(device, DeviceReport.FindStablePaths(path)));
            }
            catch (V4l2Exception error)
            {
                errors.Add(error.Message);
            }
        }

        if (json)
        {
            WriteJson(reports, errors, output);
        }
        else
        {
            WriteTable(reports, errors, output);
        }

        return 0;
    }

    private static void WriteTable(List<DeviceReport> reports, List<string> errors, TextWriter output)
    {
        if (reports.Count == 0)
        {
            output.WriteLine("No V4L2 capture devices found (no /dev/video* answers as a streaming video capture device).");
        }

        foreach (DeviceReport report in reports)
        {
            V4l2Capabilities caps = report.Capabilities;
            output.WriteLine($"{report.Path}: {caps.Card}");
            output.WriteLine($"  driver {caps.Driver} {caps.VersionText}, bus {caps.BusInfo}, {(caps.IsMultiPlanarCapture && !caps.IsSinglePlanarCapture ? "multi-planar" : "single-planar")}");
            foreach (string link in report.StablePaths)
            {
                output.WriteLine($"  stable path {link}");
            }

            output.WriteLine($"  {"FORMAT",-6}  {"SIZE",-22}  {"FPS",-20}  DESCRIPTION");
            foreach (FormatReport format in report.Formats)
            {
                string description = format.Format.Description + (format.Format.IsCompressed ? " (compressed)" : "");
                if (format.Sizes.Count == 0)
                {
                    output.WriteLine($"  {format.Format.FourCc,-6}  {"any",-22}  {"-",-20}  {description}");
                }

                foreach (SizeReport size in format.Sizes)
                {
                    output.WriteLine($"  {format.Format.FourCc,-6}  {size.Size,-22}  {size.DescribeRates(),-20}  {description}");
                    description = "";
                }
            }

            output.WriteLine();
        }

        foreach (string error in errors)
        {
            output.WriteLine($"error: {error}");
        }
    }

    private static void WriteJson(List<DeviceReport> reports, List<string> errors, TextWriter output)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter writer = new(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("devices");
            foreach (DeviceReport report in reports)
            {
                WriteDevice(writer, report);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("errors");
            foreach (string error in errors)
            {
                writer.WriteStringValue(error);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteDevice(Utf8JsonWriter writer, DeviceReport report)
    {
        V4l2Capabilities caps = report.Capabilities;
        writer.WriteStartObject();
        writer.WriteString("path", report.Path);
        writer.WriteStartArray("stablePaths");
        foreach (string link in report.StablePaths)
        {
            writer.WriteStringValue(link);
        }

        writer.WriteEndArray();
        writer.WriteString("card", caps.Card);
        writer.WriteString("driver", caps.Driver);
        writer.WriteString("driverVersion", caps.VersionText);
        writer.WriteString("bus", caps.BusInfo);
        writer.WriteBoolean("multiPlanar", caps.IsMultiPlanarCapture && !caps.IsSinglePlanarCapture);
        writer.WriteStartArray("formats");
        foreach (FormatReport format in report.Formats)
        {
            writer.WriteStartObject();
            writer.WriteString("fourcc", format.Format.FourCc);
            writer.WriteString("description", format.Format.Description);
            writer.WriteBoolean("compressed", format.Format.IsCompressed);
            writer.WriteStartArray("sizes");
            foreach (SizeReport size in format.Sizes)
            {
                writer.WriteStartObject();
                writer.WriteNumber("width", size.Size.MinWidth);
                writer.WriteNumber("height", size.Size.MinHeight);
                if (!size.Size.IsDiscrete)
                {
                    writer.WriteNumber("maxWidth", size.Size.MaxWidth);
                    writer.WriteNumber("maxHeight", size.Size.MaxHeight);
                    writer.WriteNumber("stepWidth", size.Size.StepWidth);
                    writer.WriteNumber("stepHeight", size.Size.StepHeight);
                }

                writer.WriteStartArray("framesPerSecond");
                foreach (V4l2FrameInterval interval in size.Intervals.OrderByDescending(i => i.MaxFramesPerSecond))
                {
                    writer.WriteNumberValue(Math.Round(interval.MaxFramesPerSecond, 3));
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
