using System.Globalization;

namespace Camstreamd.Sources.Command;

/// <summary>
/// How long the command may go without sending an image before it counts as failed: until its first whole image,
/// the start allowance (cameras take seconds to start); from then on, Camera:DeviceTimeout since the last image.
/// A broken image counts as a sign of life: the command is sending, its image is dropped elsewhere.
/// </summary>
internal sealed class SilenceWatch
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _deviceTimeout;
    private readonly TimeSpan _startAllowance;
    private bool _streaming;
    private long _startedAt;
    private long _lastImageAt;

    public SilenceWatch(TimeProvider time, TimeSpan deviceTimeout, TimeSpan startAllowance)
    {
        _time = time;
        _deviceTimeout = deviceTimeout;
        _startAllowance = startAllowance;
    }

    /// <summary>The command has just started: the start allowance runs from now.</summary>
    public void Started()
    {
        _streaming = false;
        _startedAt = _time.GetTimestamp();
    }

    /// <summary>An image (whole or broken) came.</summary>
    public void ImageCame() => _lastImageAt = _time.GetTimestamp();

    /// <summary>The first whole image came: from now on Camera:DeviceTimeout applies.</summary>
    public void FirstImageCame() => _streaming = true;

    /// <summary>Why the command has failed by its silence, or null while it has time left.</summary>
    /// <param name="bytesReceived">What the command wrote so far, for the message when it never sent an image.</param>
    public string? Overdue(long bytesReceived)
    {
        if (_streaming)
        {
            return _time.GetElapsedTime(_lastImageAt) >= _deviceTimeout
                ? string.Create(CultureInfo.InvariantCulture, $"sent no JPEG image for {_deviceTimeout.TotalSeconds} s (Camera:DeviceTimeout): it hung or stopped sending")
                : null;
        }

        return _time.GetElapsedTime(_startedAt) >= _startAllowance
            ? string.Create(CultureInfo.InvariantCulture, $"sent no valid JPEG image within {_startAllowance.TotalSeconds} s of starting ({bytesReceived} bytes received); it must write MJPEG (concatenated JPEGs) to its standard output")
            : null;
    }
}
