using System.Globalization;
using Camstreamd.Configuration;
using Camstreamd.Frames;
using Camstreamd.TurboJpeg;
using Camstreamd.V4l2;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Sources.V4l2;

/// <summary>
/// A V4L2 camera (USB webcam, HDMI bridge, CSI bridge) as a frame source. Open negotiates format, size,
/// rate, controls and orientation and starts streaming; Capture waits for the newest buffer, turns it into
/// a JPEG in a pooled frame (MJPEG passes through with Huffman tables added when missing; raw formats are
/// encoded) and hands the buffer straight back to the driver. Failures become
/// <see cref="FrameSourceException"/> after the device is fully released, so Open can simply be called again.
/// An HDMI input without signal is a state (<see cref="SourceDescription.Detail"/>), not an error.
/// </summary>
internal sealed class V4l2FrameSource : IFrameSource
{
    /// <summary>The longest single wait, so cancellation is seen promptly even with a long DeviceTimeout.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(500);

    private readonly CameraOptions _options;
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly ILogger<V4l2FrameSource> _logger;
    private V4l2Device? _device;
    private readonly V4l2FrameConverter _converter;
    private V4l2Capture? _capture;
    private bool _hasDvTimings;
    private long _lastFrameAt;

    public V4l2FrameSource(CameraOptions options, TimeProvider time, ILogger<V4l2FrameSource> logger, string? devicePath = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _path = devicePath ?? options.Device;
        _time = time;
        _logger = logger;
        _converter = new V4l2FrameConverter(_path, time);
        Description = new SourceDescription("v4l2", _path, 0, 0, options.FramesPerSecond);
    }

    public SourceDescription Description { get; private set; }

    /// <summary>Frames dropped since Open (broken MJPEG, driver-flagged errors, short buffers).</summary>
    public long DroppedFrames => _converter.Dropped;

    /// <summary>True while an HDMI input has no usable signal.</summary>
    public bool NoSignal => _device is not null && _capture is null;

    public void Open(CancellationToken cancellationToken)
    {
        Close();
        _converter.ResetCounts();
        try
        {
            _device = V4l2Device.Open(_path);
            _device.EnsureStreamingCapture();
            int input = _device.GetInput();
            IReadOnlyList<V4l2Input> inputs = _device.EnumerateInputs();
            _hasDvTimings = input >= 0 && input < inputs.Count && inputs[input].HasDvTimings;
            if (_hasDvTimings)
            {
                _device.TrySubscribeSourceChange();
            }

            V4l2DeviceSettings.ApplyControls(_device, _options, _logger);
            _converter.Transform = V4l2DeviceSettings.ApplyOrientation(_device, _options, _logger);
            TryStartStreaming();
        }
        catch (V4l2Exception error)
        {
            Close();
            throw new FrameSourceException(error.Message, error);
        }
        catch (TurboJpegException error)
        {
            // The encoder for a raw format is made here; a failure is the source's, not a capture-loop crash.
            Close();
            throw new FrameSourceException($"{_path}: encoder: {error.Message}", error);
        }
        catch (FrameSourceException)
        {
            Close();
            throw;
        }
    }

    public CaptureResult Capture(FramePool pool, CancellationToken cancellationToken, out Frame? frame, out string? dropReason)
    {
        ArgumentNullException.ThrowIfNull(pool);
        frame = null;
        dropReason = null;
        V4l2Device device = _device ?? throw new InvalidOperationException($"{_path}: Capture before Open.");
        try
        {
            if (_capture is null)
            {
                // No signal: look again a few times a second.
                if (!cancellationToken.WaitHandle.WaitOne(MaxWait))
                {
                    TryStartStreaming();
                }

                return CaptureResult.NoFrame;
            }

            TimeSpan wait = _options.DeviceTimeout < MaxWait ? _options.DeviceTimeout : MaxWait;
            switch (_capture.TryDequeue(wait, out V4l2Frame buffer))
            {
                case V4l2WaitResult.Timeout:
                    CheckSilence();
                    return CaptureResult.NoFrame;
                case V4l2WaitResult.SourceChanged:
                    Log.SourceChanged(_logger, _path);
                    StopStreaming();
                    TryStartStreaming();
                    return CaptureResult.NoFrame;
            }

            _lastFrameAt = _time.GetTimestamp();
            try
            {
                return _converter.Convert(buffer, pool, out frame, out dropReason);
            }
            finally
            {
                _capture.Requeue();
            }
        }
        catch (V4l2Exception error)
        {
            Close();
            throw new FrameSourceException(error.IsDeviceLost ? $"{error.Message}: the camera was unplugged or failed" : error.Message, error);
        }
        catch (TurboJpegException error)
        {
            Close();
            throw new FrameSourceException($"{device.Path}: encoding failed: {error.Message}", error);
        }
    }

    public void Close()
    {
        if (_device is null)
        {
            return;
        }

        Log.Stopped(_logger, _path, _converter.Sequence, _converter.Dropped, _capture?.SkippedForNewer ?? 0);
        StopStreaming();
        _device.Dispose();
        _device = null;
    }

    public void Dispose()
    {
        Close();
        _converter.Dispose();
    }

    private void CheckSilence()
    {
        if (_time.GetElapsedTime(_lastFrameAt) < _options.DeviceTimeout)
        {
            return;
        }

        if (_hasDvTimings && _device!.QueryDvTimings(out _) != V4l2DvTimingsStatus.Locked)
        {
            StopStreaming();
            TryStartStreaming();
            return;
        }

        throw new V4l2Exception(_path, "VIDIOC_DQBUF",
            $"no frame for {_options.DeviceTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (Camera:DeviceTimeout): the camera stopped delivering");
    }

    /// <summary>
    /// Negotiates and starts streaming. For an HDMI input without signal it leaves streaming off and
    /// records the state instead; Capture then retries.
    /// </summary>
    private void TryStartStreaming()
    {
        V4l2Device device = _device!;
        int width = _options.Width;
        int height = _options.Height;
        string mode = "camera";
        if (_hasDvTimings)
        {
            V4l2DvTimingsStatus status = device.QueryDvTimings(out V4l2DvTimings? timings);
            if (status != V4l2DvTimingsStatus.Locked || timings is null)
            {
                if (Description.Detail != $"no signal ({status})")
                {
                    Log.NoSignal(_logger, _path, status.ToString());
                }

                Description = new SourceDescription("v4l2", _path, 0, 0, _options.FramesPerSecond, $"no signal ({status})");
                return;
            }

            // The bridge sends what the source sends: take its size rather than the configured one.
            device.SetDvTimings(timings);
            Log.SignalLocked(_logger, _path, timings.ToString());
            width = timings.Width;
            height = timings.Height;
            mode = $"HDMI {timings}";
        }

        uint pixelFormat = V4l2FormatChooser.Choose(device, _options.PixelFormat, width, height);
        V4l2PixelFormat format = device.SetFormat(pixelFormat, width, height);
        if (format.PixelFormat != pixelFormat || format.Width != width || format.Height != height)
        {
            Log.FormatAdjusted(_logger, _path, $"{V4l2FourCc.ToString(pixelFormat)} {width}x{height}", format.ToString());
            if (!V4l2FormatChooser.IsJpeg(format.PixelFormat) && !RawFrameEncoder.Supports(format.PixelFormat))
            {
                throw new FrameSourceException($"{_path}: the driver substituted {format.FourCc}, which camstreamd cannot stream.");
            }
        }

        double? rate = _hasDvTimings ? device.GetFrameRate() : device.TrySetFrameRate(_options.FramesPerSecond);
        _converter.Start(format, _options.JpegQuality);
        _capture = device.StartCapture(_options.BufferCount);
        _lastFrameAt = _time.GetTimestamp();
        string fps = rate?.ToString("0.##", CultureInfo.InvariantCulture) ?? "driver-paced";
        bool swap = JpegTransforms.SwapsAxes(_converter.Transform);
        Description = new SourceDescription(
            "v4l2", _path, swap ? format.Height : format.Width, swap ? format.Width : format.Height, rate ?? _options.FramesPerSecond,
            $"{device.Capabilities.Card} ({device.Capabilities.Driver}), {format.FourCc}, {fps} fps");
        Log.Started(_logger, _path, device.Capabilities.Card, device.Capabilities.Driver, device.Capabilities.BusInfo,
            format.ToString(), fps, _capture.BufferCount, mode);
    }

    private void StopStreaming()
    {
        _capture?.Dispose();
        _capture = null;
        _converter.Stop();
    }
}
