using Camstreamd.Frames;
using Camstreamd.Jpeg;
using Camstreamd.TurboJpeg;
using Camstreamd.V4l2;

namespace Camstreamd.Sources.V4l2;

/// <summary>
/// A dequeued V4L2 buffer as a JPEG in a pooled frame of its real size: MJPEG validated and passed through with
/// Huffman tables added when missing, raw formats encoded, and the lossless rotation or flip the camera could not
/// do itself applied. Scratch buffers are reused, so nothing allocates per frame once they have grown.
/// </summary>
internal sealed class V4l2FrameConverter : IDisposable
{
    private readonly string _path;
    private readonly TimeProvider _time;
    private RawFrameEncoder? _encoder;
    private TurboJpegTransformer? _transformer;
    private byte[] _scratch = [];
    private byte[] _transformed = [];
    private V4l2PixelFormat? _format;

    public V4l2FrameConverter(string path, TimeProvider time)
    {
        _path = path;
        _time = time;
    }

    /// <summary>The rotation or flip applied to every frame; set at Open.</summary>
    public JpegTransform Transform { get; set; }

    /// <summary>Frames delivered since <see cref="ResetCounts"/>.</summary>
    public long Sequence { get; private set; }

    /// <summary>Frames dropped since <see cref="ResetCounts"/> (broken MJPEG, driver-flagged errors, short buffers).</summary>
    public long Dropped { get; private set; }

    public void ResetCounts()
    {
        Sequence = 0;
        Dropped = 0;
    }

    /// <summary>
    /// Streaming starts in <paramref name="format"/>, which every frame until <see cref="Stop"/> is in: a raw format gets
    /// its encoder (a TurboJpegException when it cannot be made).
    /// </summary>
    public void Start(V4l2PixelFormat format, int jpegQuality)
    {
        ArgumentNullException.ThrowIfNull(format);
        Stop();
        _encoder = V4l2FormatChooser.IsJpeg(format.PixelFormat) ? null : new RawFrameEncoder(format, jpegQuality);
        _format = format;
    }

    /// <summary>Streaming stopped: the encoder goes (the next format may differ); the scratch buffers and transformer stay for the next start.</summary>
    public void Stop()
    {
        _encoder?.Dispose();
        _encoder = null;
        _format = null;
    }

    /// <summary>Only when the source itself is disposed: a source closed for idleness is opened again with this converter.</summary>
    public void Dispose()
    {
        Stop();
        _transformer?.Dispose();
        _transformer = null;
    }

    /// <summary>A buffer dequeued between <see cref="Start"/> and <see cref="Stop"/>, in the format given to Start.</summary>
    public CaptureResult Convert(V4l2Frame buffer, FramePool pool, out Frame? frame, out string? dropReason)
    {
        V4l2PixelFormat format = _format ?? throw new InvalidOperationException($"{_path}: Convert before Start.");
        frame = null;
        if (buffer.IsError)
        {
            return Drop("the driver flagged the buffer as corrupt (V4L2_BUF_FLAG_ERROR)", out dropReason);
        }

        bool transform = Transform != JpegTransform.None;
        int length;
        if (V4l2FormatChooser.IsJpeg(format.PixelFormat))
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
            jpeg = ApplyTransform(jpeg, format);
        }

        Frame rented = pool.Rent(jpeg.Length);
        jpeg.CopyTo(rented.WritableBuffer);
        return Deliver(rented, jpeg.Length, format, out frame, out dropReason);
    }

    private CaptureResult Deliver(Frame rented, int length, V4l2PixelFormat format, out Frame? frame, out string? dropReason)
    {
        bool swap = JpegTransforms.SwapsAxes(Transform);
        rented.Complete(
            length, swap ? format.Height : format.Width, swap ? format.Width : format.Height,
            ++Sequence, _time.GetTimestamp(), (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10);
        frame = rented;
        dropReason = null;
        return CaptureResult.Frame;
    }

    /// <summary>The lossless rotation or flip of <paramref name="jpeg"/>, in a second scratch buffer.</summary>
    private ReadOnlySpan<byte> ApplyTransform(ReadOnlySpan<byte> jpeg, V4l2PixelFormat format)
    {
        _transformer ??= new TurboJpegTransformer();

        // Bounded by the picture size, not the input: tjBufSize of the rotated picture covers any output.
        EnsureCapacity(ref _transformed, Math.Max(
            TurboJpegCompressor.MaxCompressedSize(format.Height, format.Width, JpegSubsampling.Samp444),
            TurboJpegCompressor.MaxCompressedSize(format.Width, format.Height, JpegSubsampling.Samp444)));
        try
        {
            int length = _transformer.Transform(jpeg, Transform, _transformed);
            return _transformed.AsSpan(0, length);
        }
        catch (TurboJpegException exception)
        {
            // A lossless transform needs whole JPEG blocks (e.g. 1080 rows are not whole 16-row blocks in 4:2:0):
            // a configuration problem the operator must see, not a crash of the capture loop.
            throw new FrameSourceException(
                $"{_path}: {Transform} cannot be applied losslessly to {format.Width}x{format.Height} frames ({exception.Message}); " +
                "choose a Camera:Width and Camera:Height that are multiples of 16, or a camera that rotates itself",
                exception);
        }
    }

    private CaptureResult Drop(string reason, out string? dropReason)
    {
        // No path prefix: the capture service logs the drop with the source's location already.
        Dropped++;
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
}
