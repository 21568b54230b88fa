using System.Globalization;
using System.Net;
using Camstreamd.Publishing;
using Camstreamd.Sources;
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
        Authentication.AuthOptionsValidator.Validate(settings.Auth, settings.Tcp, errors);
        Tls.CertificateValidator.Validate(settings.Http, errors);
        Gpio.GpioOptionsValidator.Validate(settings.Gpio, errors);
    }

    private static void ValidateCamera(CameraOptions camera, List<string> errors)
    {
        // Camera:Source and the keys only one kind reads are that kind's own checks.
        SourceKinds.Validate(camera, errors);
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

        if (string.IsNullOrWhiteSpace(camera.Device))
        {
            errors.Add("Camera:Device is empty; allowed: a V4L2 device path such as /dev/video0 or /dev/v4l/by-id/...");
        }

        if (!string.Equals(camera.PixelFormat, "auto", StringComparison.OrdinalIgnoreCase) && (camera.PixelFormat.Length is < 3 or > 4 || !camera.PixelFormat.All(char.IsAsciiLetterOrDigit)))
        {
            errors.Add($"Camera:PixelFormat is '{camera.PixelFormat}'; allowed: auto or a fourcc such as MJPG, YUYV, NV12, YU12, RGB3, GREY.");
        }
    }

    private static void ValidateStreaming(StreamingOptions streaming, List<string> errors)
    {
        Range(errors, "Streaming:ClientQueueCapacity", streaming.ClientQueueCapacity, 1, 64);
        Range(errors, "Streaming:MaxClients", streaming.MaxClients, 1, 10_000);
        Range(errors, "Streaming:MaxClientsPerAddress", streaming.MaxClientsPerAddress, 1, 10_000);
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
