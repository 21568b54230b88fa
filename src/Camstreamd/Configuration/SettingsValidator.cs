using System.Globalization;
using System.Net;
using Camstreamd.Publishing;
using Camstreamd.Sources;
using Camstreamd.Sources.Command;
using Camstreamd.Sources.V4l2;
using Camstreamd.Streaming.Tcp;

namespace Camstreamd.Configuration;

/// <summary>
/// The rules every value must meet before the daemon serves anything. Each message names the key,
/// the value given and what is allowed, so the one line an operator sees is enough to fix it.
/// </summary>
internal static class SettingsValidator
{
    private static readonly int[] Rotations = [0, 90, 180, 270];

    public static void Validate(CamstreamdSettings settings, List<string> errors)
    {
        ValidateCamera(settings.Camera, errors);
        ValidateStreaming(settings.Streaming, errors);
        ValidateHttp(settings.Http, errors);
        TcpOptionsValidator.Validate(settings.Tcp, settings.Http, errors);
        PublishValidator.Validate(settings.Publish, errors);
        Gif.GifOptionsValidator.Validate(settings.Gif, errors);
    }

    private static void ValidateCamera(CameraOptions camera, List<string> errors)
    {
        string source = camera.Source.ToLowerInvariant();
        if (!FrameSourceFactory.Kinds.Contains(source))
        {
            errors.Add($"Camera:Source is '{camera.Source}'; allowed: {string.Join(", ", FrameSourceFactory.Kinds)}.");
        }

        Range(errors, "Camera:Width", camera.Width, 16, 8192);
        Range(errors, "Camera:Height", camera.Height, 16, 8192);
        Range(errors, "Camera:FramesPerSecond", camera.FramesPerSecond, 0.1, 240);
        Range(errors, "Camera:JpegQuality", camera.JpegQuality, 1, 100);
        Range(errors, "Camera:BufferCount", camera.BufferCount, 1, 32);
        Range(errors, "Camera:DeviceTimeout", camera.DeviceTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        if (!Rotations.Contains(camera.Rotation))
        {
            errors.Add($"Camera:Rotation is {camera.Rotation}; allowed: 0, 90, 180 or 270.");
        }

        if (source == "folder")
        {
            if (string.IsNullOrWhiteSpace(camera.Folder))
            {
                errors.Add("Camera:Folder is empty; Camera:Source 'folder' needs the path of a folder of JPEG files.");
            }
            else if (!Directory.Exists(camera.Folder))
            {
                errors.Add($"Camera:Folder is '{camera.Folder}', which does not exist or is not a folder; allowed: an existing folder of JPEG files.");
            }
        }

        if (source == "command")
        {
            ValidateCommand(camera.Command, errors);
        }

        if (string.IsNullOrWhiteSpace(camera.Device))
        {
            errors.Add("Camera:Device is empty; allowed: a V4L2 device path such as /dev/video0 or /dev/v4l/by-id/...");
        }

        // Controls are checked against the camera itself, so a typo stops the daemon with the device's own list.
        string? device = source switch
        {
            "v4l2" => camera.Device,
            "auto" => V4l2DeviceFinder.FindFirstCaptureDevice(),
            _ => null,
        };
        if (device is not null)
        {
            V4l2ControlValidator.Validate(device, camera.Controls, errors);
        }

        if (!string.Equals(camera.PixelFormat, "auto", StringComparison.OrdinalIgnoreCase) && (camera.PixelFormat.Length is < 3 or > 4 || !camera.PixelFormat.All(char.IsAsciiLetterOrDigit)))
        {
            errors.Add($"Camera:PixelFormat is '{camera.PixelFormat}'; allowed: auto or a fourcc such as MJPG, YUYV, NV12, YU12, RGB3, GREY.");
        }
    }

    /// <summary>The program must exist now: a typo should stop the daemon at start, not fail at the first viewer.</summary>
    private static void ValidateCommand(string command, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            errors.Add("Camera:Command is empty; Camera:Source 'command' needs a command line that writes MJPEG to its standard output, e.g. rpicam-vid -t 0 -n --codec mjpeg --width {width} --height {height} --framerate {fps} -o -");
            return;
        }

        string program = CommandLine.Program(command);
        if (CommandLine.FindExecutable(program) is null)
        {
            string where = program.Contains('/', StringComparison.Ordinal)
                ? $"'{program}' is not an executable file"
                : $"'{program}' is not an executable on PATH ({Environment.GetEnvironmentVariable("PATH")})";
            errors.Add($"Camera:Command is '{command}'; allowed: a command line whose first word is an installed program or the path of an executable file; {where}.");
        }
    }

    private static void ValidateStreaming(StreamingOptions streaming, List<string> errors)
    {
        Range(errors, "Streaming:ClientQueueCapacity", streaming.ClientQueueCapacity, 1, 64);
        Range(errors, "Streaming:MaxClients", streaming.MaxClients, 1, 10_000);
        Range(errors, "Streaming:StallTimeout", streaming.StallTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Range(errors, "Streaming:KeepaliveInterval", streaming.KeepaliveInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        Range(errors, "Streaming:SnapshotTimeout", streaming.SnapshotTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        Range(errors, "Streaming:IdleTimeout", streaming.IdleTimeout, TimeSpan.Zero, TimeSpan.FromDays(1));
        if (streaming.ExitWhenIdle && streaming.IdleTimeout == TimeSpan.Zero)
        {
            errors.Add("Streaming:ExitWhenIdle is true but Streaming:IdleTimeout is 0 (always on); allowed: an IdleTimeout above 0 with ExitWhenIdle.");
        }
    }

    private static void ValidateHttp(HttpOptions http, List<string> errors)
    {
        if (http.Address != "*" && !IPAddress.TryParse(http.Address, out _))
        {
            errors.Add($"Http:Address is '{http.Address}'; allowed: an IP address such as 0.0.0.0, 127.0.0.1 or ::, or * for all addresses.");
        }

        Range(errors, "Http:Port", http.Port, 0, 65535);
    }

    private static void Range(List<string> errors, string key, double value, double min, double max)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key} is {value}; allowed: {min} to {max}."));
        }
    }

    private static void Range(List<string> errors, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key} is {value.TotalSeconds} s; allowed: {min.TotalSeconds} to {max.TotalSeconds} s."));
        }
    }
}
