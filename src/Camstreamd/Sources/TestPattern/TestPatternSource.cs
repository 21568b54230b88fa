using Camstreamd.Configuration;
using Camstreamd.Frames;
using Camstreamd.TurboJpeg;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Sources.TestPattern;

/// <summary>
/// A moving picture made here and encoded with libjpeg-turbo: the source when no camera is present,
/// and a known, changing input for tests and benchmarks. Paced by absolute deadlines at
/// Camera:FramesPerSecond.
/// </summary>
/// <remarks>
/// Each picture is encoded into one scratch buffer of the worst-case size (tjBufSize: about 3 bytes per
/// pixel, 2.8 MB at 1280x720) and then copied into a frame of its real size (typically 20-100 KB).
/// Encoding straight into the rented frame would save that copy (about 20 µs) but would grow every
/// pooled frame to the worst case, and the pool keeps its largest buffers: several frames in flight
/// would cost tens of megabytes of resident memory for nothing.
/// </remarks>
internal sealed class TestPatternSource : IFrameSource
{
    /// <summary>The longest single wait in <see cref="Capture"/>, so a slow rate still answers the loop.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(500);

    private readonly int _width;
    private readonly int _height;
    private readonly double _framesPerSecond;
    private readonly int _quality;
    private readonly TimeProvider _time;
    private readonly ILogger<TestPatternSource> _logger;
    private readonly FramePacer _pacer;
    private TestPatternPainter? _painter;
    private TurboJpegCompressor? _compressor;
    private byte[] _scratch = [];
    private long _sequence;

    public TestPatternSource(CameraOptions options, TimeProvider time, ILogger<TestPatternSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.Width <= 0 || options.Height <= 0)
        {
            throw new ArgumentException($"Camera:Width and Camera:Height must be positive; got {options.Width}x{options.Height}.", nameof(options));
        }

        if (!(options.FramesPerSecond > 0) || double.IsInfinity(options.FramesPerSecond))
        {
            throw new ArgumentException($"Camera:FramesPerSecond must be a positive number; got {options.FramesPerSecond}.", nameof(options));
        }

        if (options.JpegQuality is < 1 or > 100)
        {
            throw new ArgumentException($"Camera:JpegQuality must be 1 to 100; got {options.JpegQuality}.", nameof(options));
        }

        _width = options.Width;
        _height = options.Height;
        _framesPerSecond = options.FramesPerSecond;
        _quality = options.JpegQuality;
        _time = time;
        _logger = logger;
        _pacer = new FramePacer(time, _framesPerSecond);
        Description = new SourceDescription("testpattern", "", _width, _height, _framesPerSecond, $"libjpeg-turbo 4:2:0, quality {_quality}");
    }

    public SourceDescription Description { get; }

    public void Open(CancellationToken cancellationToken)
    {
        Close();
        try
        {
            TurboJpegLibrary.EnsureAvailable();
            _compressor = new TurboJpegCompressor();
            _scratch = new byte[TurboJpegCompressor.MaxCompressedSize(_width, _height, JpegSubsampling.Samp420)];
        }
        catch (TurboJpegException ex)
        {
            Close();
            throw new FrameSourceException($"Test pattern: {ex.Message}", ex);
        }

        _painter = new TestPatternPainter(_width, _height);
        _sequence = 0;
        _pacer.Restart();
        Log.Started(_logger, _width, _height, _framesPerSecond, _quality);
    }

    public CaptureResult Capture(FramePool pool, CancellationToken cancellationToken, out Frame? frame, out string? dropReason)
    {
        ArgumentNullException.ThrowIfNull(pool);
        frame = null;
        dropReason = null;
        if (_painter is null || _compressor is null)
        {
            throw new InvalidOperationException("The test pattern is not open.");
        }

        if (!_pacer.WaitUntilDue(MaxWait, cancellationToken))
        {
            return CaptureResult.NoFrame;
        }

        long timestamp = _time.GetTimestamp();
        DateTimeOffset now = _time.GetUtcNow();
        long sequence = _sequence + 1;
        _painter.Paint(sequence, now);

        int length;
        try
        {
            length = _compressor.CompressFromPlanes(
                _painter.Y, _painter.Width, _painter.U, _painter.V, _painter.ChromaWidth,
                _width, _height, JpegSubsampling.Samp420, _quality, _scratch);
        }
        catch (TurboJpegException ex)
        {
            throw new FrameSourceException($"Test pattern: encoding {_width}x{_height} failed: {ex.Message}", ex);
        }

        Frame rented = pool.Rent(length);
        _scratch.AsSpan(0, length).CopyTo(rented.WritableBuffer);
        rented.Complete(length, _width, _height, sequence, timestamp, (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);

        _sequence = sequence;
        _pacer.Advance();
        frame = rented;
        return CaptureResult.Frame;
    }

    public void Close()
    {
        if (_compressor is not null)
        {
            Log.Stopped(_logger, _sequence, _pacer.Resyncs);
        }

        _compressor?.Dispose();
        _compressor = null;
        _painter = null;
        _scratch = [];
    }

    public void Dispose() => Close();
}
