using Camstreamd.V4l2;

namespace Camstreamd.Cli;

/// <summary>What <c>camstreamd devices</c> shows of one capture device.</summary>
internal sealed record DeviceReport(
    string Path,
    IReadOnlyList<string> StablePaths,
    V4l2Capabilities Capabilities,
    IReadOnlyList<FormatReport> Formats)
{
    /// <summary>Collects everything about an open device: formats, their sizes, each size's rates.</summary>
    public static DeviceReport Collect(V4l2Device device, IReadOnlyList<string> stablePaths)
    {
        List<FormatReport> formats = new();
        foreach (V4l2FormatDescription format in device.EnumerateFormats())
        {
            List<SizeReport> sizes = new();
            foreach (V4l2FrameSize size in device.EnumerateFrameSizes(format.PixelFormat))
            {
                IReadOnlyList<V4l2FrameInterval> intervals = size.IsDiscrete
                    ? device.EnumerateFrameIntervals(format.PixelFormat, size.MinWidth, size.MinHeight)
                    : [];
                sizes.Add(new SizeReport(size, intervals));
            }

            formats.Add(new FormatReport(format, sizes));
        }

        return new DeviceReport(device.Path, stablePaths, device.Capabilities, formats);
    }

    /// <summary>The /dev/v4l/by-id and by-path links that point at <paramref name="path"/>: what to put in Camera:Device.</summary>
    public static IReadOnlyList<string> FindStablePaths(string path, string v4lDirectory = "/dev/v4l")
    {
        List<string> links = new();
        foreach (string kind in new[] { "by-id", "by-path" })
        {
            string folder = System.IO.Path.Combine(v4lDirectory, kind);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (string link in Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal))
            {
                FileSystemInfo? target = new FileInfo(link).ResolveLinkTarget(returnFinalTarget: true);
                if (target is not null && target.FullName == System.IO.Path.GetFullPath(path))
                {
                    links.Add(link);
                }
            }
        }

        return links;
    }
}
