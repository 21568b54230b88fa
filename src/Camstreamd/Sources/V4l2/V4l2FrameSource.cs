using System.Globalization;
using Camstreamd.Configuration;
using Camstreamd.Frames;
using Camstreamd.Jpeg;
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
    private const uint V4L2_CID_HFLIP = 0x00980914;
    private const uint V4L2_CID_VFLIP = 0x00980915;
    private const uint V4L2_CID_ROTATE = 0x00980922;

    /// <summary>The longest single wait, so cancellation is seen promptly even with a long DeviceTimeout.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(500);

    private readonly CameraOptions _options;
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly ILogger<V4l2FrameSource> _logger;
    private V4l2Device? _device;
    private V4l2Capture? _capture;
    private RawFrameEncoder? _encoder;
    private TurboJpegTransformer? _transformer;
    private byte[] _scratch = [];
    private byte[] _transformed = [];
    private JpegTransform _transform;
    private uint _pixelFormat;
    private bool _hasDvTimings;
    private long _lastFrameAt;
    private long _sequence;
    private long _dropped;

    public V4l2FrameSource(CameraOptions options, TimeProvider time, ILogger<V4l2FrameSource> logger, string? devicePath = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _path = devicePath ?? options.Device;
        _time = time;
        _logger = logger;
        Description = new SourceDescription("v4l2", _path, 0, 0, options.FramesPerSecond);
    }

    public SourceDescription Description { get; private set; }

    /// <summary>Frames dropped since Open (broken MJPEG, driver-flagged errors, short buffers).</summary>
    public long DroppedFrames => _dropped;

    /// <summary>True while an HDMI input has no usable signal.</summary>
    public bool NoSignal => _device is not null && _capture is null;

    public void Open(CancellationToken cancellationToken)
    {
        Close();
        _sequence = 0;
        _dropped = 0;
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

            ApplyControls(_device);
            ApplyOrientation(_device);
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
                return Convert(buffer, pool, out frame, out dropReason);
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

        Log.Stopped(_logger, _path, _sequence, _dropped, _capture?.SkippedForNewer ?? 0);
        StopStreaming();
        _transformer?.Dispose();
        _transformer = null;
        _device.Dispose();
        _device = null;
    }

    public void Dispose() => Close();

    private CaptureResult Convert(V4l2Frame buffer, FramePool pool, out Frame? frame, out string? dropReason)
    {
        frame = null;
        if (buffer.IsError)
        {
            return Drop("the driver flagged the buffer as corrupt (V4L2_BUF_FLAG_ERROR)", out dropReason);
        }

        V4l2PixelFormat format = _capture!.Format;
        bool transform = _transform != JpegTransform.None;
        int length;
        if (V4l2FormatChooser.IsJpeg(_pixelFormat))
        {
            if (!JpegValidator.TryValidate(buffer.Data, out int jpegLength, out string? reason))
            {
                return Drop(reason!, out dropReason);
            }

            int needed = jpegLength + JpegHuffmanInserter.AddedLength;
            if (!transform)
            {
                // The camera's JPEG is its real size: straight into the frame, no scratch copy.
                Frame direct = pool.Rent(needed);
                length = JpegHuffmanInserter.CopyWithTables(buffer.Data[..jpegLength], direct.WritableBuffer);
                return Deliver(direct, length, format, out frame, out dropReason);
            }

            EnsureCapacity(ref _scratch, needed);
            length = JpegHuffmanInserter.CopyWithTables(buffer.Data[..jpegLength], _scratch);
        }
        else
        {
            // Encoded into scratch of the worst-case size (tjBufSize), then copied into a frame of the real size:
            // encoding into the rented frame would grow every pooled frame to the worst case (see TestPatternSource).
            EnsureCapacity(ref _scratch, _encoder!.MaxLength);
            if (!_encoder.TryEncode(buffer, _scratch, out length, out string? reason))
            {
                return Drop(reason!, out dropReason);
            }
        }

        ReadOnlySpan<byte> jpeg = _scratch.AsSpan(0, length);
        if (transform)
        {
            jpeg = Transform(jpeg, format);
        }

        Frame rented = pool.Rent(jpeg.Length);
        jpeg.CopyTo(rented.WritableBuffer);
        return Deliver(rented, jpeg.Length, format, out frame, out dropReason);
    }

    private CaptureResult Deliver(Frame rented, int length, V4l2PixelFormat format, out Frame? frame, out string? dropReason)
    {
        bool swap = JpegTransforms.SwapsAxes(_transform);
        rented.Complete(
            length, swap ? format.Height : format.Width, swap ? format.Width : format.Height,
            ++_sequence, _time.GetTimestamp(), (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10);
        frame = rented;
        dropReason = null;
        return CaptureResult.Frame;
    }

    /// <summary>The lossless rotation or flip of <paramref name="jpeg"/>, in a second scratch buffer.</summary>
    private ReadOnlySpan<byte> Transform(ReadOnlySpan<byte> jpeg, V4l2PixelFormat format)
    {
        _transformer ??= new TurboJpegTransformer();

        // Bounded by the picture size, not the input: tjBufSize of the rotated picture covers any output.
        EnsureCapacity(ref _transformed, Math.Max(
            TurboJpegCompressor.MaxCompressedSize(format.Height, format.Width, JpegSubsampling.Samp444),
            TurboJpegCompressor.MaxCompressedSize(format.Width, format.Height, JpegSubsampling.Samp444)));
        try
        {
            int length = _transformer.Transform(jpeg, _transform, _transformed);
            return _transformed.AsSpan(0, length);
        }
        catch (TurboJpegException exception)
        {
            // A lossless transform needs whole JPEG blocks (e.g. 1080 rows are not whole 16-row blocks in 4:2:0):
            // a configuration problem the operator must see, not a crash of the capture loop.
            throw new FrameSourceException(
                $"{_path}: {_transform} cannot be applied losslessly to {format.Width}x{format.Height} frames ({exception.Message}); " +
                "choose a Camera:Width and Camera:Height that are multiples of 16, or a camera that rotates itself",
                exception);
        }
    }

    private CaptureResult Drop(string reason, out string? dropReason)
    {
        // No path prefix: the capture service logs the drop with the source's location already.
        _dropped++;
        dropReason = reason;
        return CaptureResult.Dropped;
    }

    private static void EnsureCapacity(ref byte[] buffer, int size)
    {
        if (buffer.Length < size)
        {
            buffer = new byte[size];
        }
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

        _pixelFormat = V4l2FormatChooser.Choose(device, _options.PixelFormat, width, height);
        V4l2PixelFormat format = device.SetFormat(_pixelFormat, width, height);
        if (format.PixelFormat != _pixelFormat || format.Width != width || format.Height != height)
        {
            Log.FormatAdjusted(_logger, _path, $"{V4l2FourCc.ToString(_pixelFormat)} {width}x{height}", format.ToString());
            if (!V4l2FormatChooser.IsJpeg(format.PixelFormat) && !RawFrameEncoder.Supports(format.PixelFormat))
            {
                throw new FrameSourceException($"{_path}: the driver substituted {format.FourCc}, which camstreamd cannot stream.");
            }

            _pixelFormat = format.PixelFormat;
        }

        double? rate = _hasDvTimings ? device.GetFrameRate() : device.TrySetFrameRate(_options.FramesPerSecond);
        _encoder?.Dispose();
        _encoder = V4l2FormatChooser.IsJpeg(_pixelFormat) ? null : new RawFrameEncoder(format, _options.JpegQuality);
        _capture = device.StartCapture(_options.BufferCount);
        _lastFrameAt = _time.GetTimestamp();
        string fps = rate?.ToString("0.##", CultureInfo.InvariantCulture) ?? "driver-paced";
        bool swap = JpegTransforms.SwapsAxes(_transform);
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
        _encoder?.Dispose();
        _encoder = null;
    }

    private void ApplyControls(V4l2Device device)
    {
        foreach ((string name, int value) in _options.Controls)
        {
            try
            {
                device.SetControl(name, value);
                Log.ControlSet(_logger, _path, V4l2ControlName.Normalize(name), value);
            }
            catch (V4l2Exception error)
            {
                throw new FrameSourceException($"Camera:Controls:{name}={value.ToString(CultureInfo.InvariantCulture)} rejected: {error.Message}", error);
            }
        }
    }

    /// <summary>
    /// Rotation and flips through the sensor's own controls when it has them (free), else as a lossless
    /// JPEG transform (no re-encoding) applied to every frame.
    /// </summary>
    private void ApplyOrientation(V4l2Device device)
    {
        int rotation = _options.Rotation;
        bool flipH = _options.FlipHorizontal;
        bool flipV = _options.FlipVertical;
        IReadOnlyList<V4l2ControlInfo> controls = device.ListControls();
        if (flipH && TrySet(device, controls, V4L2_CID_HFLIP, 1))
        {
            Log.Orientation(_logger, _path, "horizontal flip", "the device's control");
            flipH = false;
        }

        if (flipV && TrySet(device, controls, V4L2_CID_VFLIP, 1))
        {
            Log.Orientation(_logger, _path, "vertical flip", "the device's control");
            flipV = false;
        }

        if (rotation != 0 && TrySet(device, controls, V4L2_CID_ROTATE, rotation))
        {
            Log.Orientation(_logger, _path, $"rotation {rotation}", "the device's control");
            rotation = 0;
        }

        _transform = JpegTransforms.Combine(rotation, flipH, flipV);
        if (_transform != JpegTransform.None)
        {
            Log.Orientation(_logger, _path, _transform.ToString(), "a lossless JPEG transform");
        }
    }

    private static bool TrySet(V4l2Device device, IReadOnlyList<V4l2ControlInfo> controls, uint id, int value)
    {
        V4l2ControlInfo? control = controls.FirstOrDefault(c => c.Id == id);
        if (control is null || control.IsReadOnly || !control.Accepts(value))
        {
            return false;
        }

        device.SetControl(id, value);
        return true;
    }
}
