using System.Globalization;
using Camstreamd.Configuration;
using Camstreamd.Frames;
using Camstreamd.Jpeg;
using Camstreamd.TurboJpeg;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Sources.Command;

/// <summary>
/// Camera:Command as a frame source: runs a program that writes concatenated JPEGs (MJPEG) to stdout,
/// such as <c>rpicam-vid -t 0 -n --codec mjpeg -o -</c> for Raspberry Pi CSI cameras that V4L2 capture
/// cannot drive, or <c>ffmpeg ... -f mjpeg -</c> for anything ffmpeg reads. Open starts it and waits for
/// its first whole image (so /state and the log show the real size, and a command that fails at once
/// fails here), for at most <see cref="StartAllowance"/>: cameras take seconds to start. After that a
/// command silent for Camera:DeviceTimeout has failed (<see cref="SilenceWatch"/>). Every wait is a poll(2) of at most
/// <see cref="MaxWait"/>, so cancellation is seen promptly. Images are copied from one reused read buffer
/// into pooled frames, with Huffman tables added when missing (as for V4L2 MJPEG); truncated, malformed,
/// oversized and undecodable images are dropped, never sent. Nothing on the per-frame path allocates.
/// When the command exits, the exception says how and with its last stderr line; Close ends it and
/// everything it started (SIGTERM, then SIGKILL).
/// </summary>
internal sealed class CommandFrameSource : IFrameSource
{
    /// <summary>An image larger than this is dropped rather than buffered without bound (a 4K MJPEG frame is 1-3 MB).</summary>
    public const int DefaultMaxFrameLength = 16 * 1024 * 1024;

    /// <summary>Time for a camera to start before its first frame, on top of Camera:DeviceTimeout (rpicam-vid takes 1-3 s).</summary>
    public static readonly TimeSpan StartAllowanceBeyondDeviceTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The longest single wait, so cancellation and the silence deadline are seen promptly.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(200);

    private readonly TimeProvider _time;
    private readonly ILogger<CommandFrameSource> _logger;
    private readonly string _command;
    private readonly string _program;
    private readonly CommandOutputReader _reader;
    private readonly SilenceWatch _silence;
    private CommandProcess? _process;
    private TurboJpegDecompressor? _decompressor;
    private bool _hasPending;
    private int _pendingStart;
    private int _pendingLength;
    private long _sequence;
    private long _dropped;

    /// <param name="maxFrameLength">Tests pass a small one; the daemon uses <see cref="DefaultMaxFrameLength"/>.</param>
    /// <param name="startAllowanceBeyondDeviceTimeout">Tests pass a short one; the daemon uses <see cref="StartAllowanceBeyondDeviceTimeout"/>.</param>
    public CommandFrameSource(
        CameraOptions options,
        TimeProvider time,
        ILogger<CommandFrameSource> logger,
        int maxFrameLength = DefaultMaxFrameLength,
        TimeSpan? startAllowanceBeyondDeviceTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        if (string.IsNullOrWhiteSpace(options.Command))
        {
            throw new ArgumentException("Camera:Command must name a program that writes MJPEG to its standard output when Camera:Source is command.", nameof(options));
        }

        _time = time;
        _logger = logger;
        _command = CommandLine.Expand(options);
        _program = CommandLine.Program(_command);
        StartAllowance = (startAllowanceBeyondDeviceTimeout ?? StartAllowanceBeyondDeviceTimeout) + options.DeviceTimeout;
        _reader = new CommandOutputReader(time, maxFrameLength);
        _silence = new SilenceWatch(time, options.DeviceTimeout, StartAllowance);
        Description = new SourceDescription("command", _program, 0, 0, options.FramesPerSecond);
    }

    public SourceDescription Description { get; private set; }

    /// <summary>How long Open waits for the first image: <see cref="StartAllowanceBeyondDeviceTimeout"/> + Camera:DeviceTimeout.</summary>
    public TimeSpan StartAllowance { get; }

    /// <summary>Images dropped since Open, including those while starting.</summary>
    public long DroppedFrames => _dropped;

    /// <summary>The running command's pid, 0 when none; for tests and diagnostics.</summary>
    public int ProcessId => _process?.Id ?? 0;

    public void Open(CancellationToken cancellationToken)
    {
        Close();
        _sequence = 0;
        _dropped = 0;
        _hasPending = false;
        _reader.Reset();

        try
        {
            _decompressor = new TurboJpegDecompressor();
        }
        catch (TurboJpegException ex)
        {
            throw new FrameSourceException($"Command source {_program}: {ex.Message}", ex);
        }

        try
        {
            _process = CommandProcess.Start(_command, _program, _logger);
            _silence.Started();
            Log.CommandStarted(_logger, _program, _process.Id, StartAllowance.TotalSeconds);
            WaitForFirstImage(cancellationToken);
        }
        catch
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
        if (_process is null)
        {
            throw new InvalidOperationException($"The command source {_program} is not open.");
        }

        if (!_hasPending)
        {
            switch (ReadImage(cancellationToken, out _pendingStart, out _pendingLength, out dropReason))
            {
                case MjpegScanResult.NeedMore:
                    return CaptureResult.NoFrame;
                case MjpegScanResult.Broken:
                    return CaptureResult.Dropped;
            }
        }

        _hasPending = false;
        return Deliver(pool, out frame, out dropReason);
    }

    public void Close() => End("stopped by camstreamd");

    public void Dispose() => Close();

    private void WaitForFirstImage(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            MjpegScanResult outcome = ReadImage(cancellationToken, out int start, out int length, out string? reason);
            if (outcome == MjpegScanResult.Image && _decompressor!.TryReadHeader(_reader.Image(start, length), out JpegHeader header))
            {
                _hasPending = true;
                _silence.FirstImageCame();
                _pendingStart = start;
                _pendingLength = length;
                Description = Description with
                {
                    Width = header.Width,
                    Height = header.Height,
                    Detail = string.Create(CultureInfo.InvariantCulture, $"MJPEG from the standard output of pid {_process!.Id}"),
                };
                Log.FirstImage(_logger, _program, _process.Id, header.Width, header.Height);
                return;
            }

            if (outcome == MjpegScanResult.Image)
            {
                _dropped++;
                reason = "libjpeg-turbo cannot read its header";
            }

            if (reason is not null)
            {
                Log.DroppedWhileStarting(_logger, _program, reason);
            }
        }
    }

    /// <summary>
    /// Waits up to <see cref="MaxWait"/> for the next whole image (NeedMore when none came). Throws
    /// <see cref="FrameSourceException"/> (the command ended first) when the output reaches end of file,
    /// fails, or stays without an image past the silence deadline.
    /// </summary>
    private MjpegScanResult ReadImage(CancellationToken cancellationToken, out int start, out int length, out string? reason)
    {
        MjpegScanResult scan;
        bool ended;
        try
        {
            scan = _reader.Read(_process!, MaxWait, cancellationToken, out start, out length, out reason, out ended);
        }
        catch (IOException ex)
        {
            throw Fail(ex.Message);
        }

        if (ended)
        {
            throw Fail(_process!.DescribeEnd(), exited: true);
        }

        if (scan == MjpegScanResult.NeedMore)
        {
            if (_silence.Overdue(_reader.Received) is string silence)
            {
                throw Fail(silence);
            }

            return scan;
        }

        _silence.ImageCame();
        if (scan == MjpegScanResult.Broken)
        {
            _dropped++;
        }

        return scan;
    }

    private CaptureResult Deliver(FramePool pool, out Frame? frame, out string? dropReason)
    {
        frame = null;
        dropReason = null;
        ReadOnlySpan<byte> jpeg = _reader.Image(_pendingStart, _pendingLength);
        if (jpeg.Length < JpegValidator.MinimumLength)
        {
            _dropped++;
            dropReason = JpegValidator.TooShortReason;
            return CaptureResult.Dropped;
        }

        Frame rented = pool.Rent(jpeg.Length + JpegHuffmanInserter.AddedLength);
        int length = JpegHuffmanInserter.CopyWithTables(jpeg, rented.WritableBuffer);
        if (!_decompressor!.TryReadHeader(rented.WritableBuffer[..length], out JpegHeader header))
        {
            rented.Release();
            _dropped++;
            dropReason = $"libjpeg-turbo cannot read its header: {_decompressor.LastError}";
            return CaptureResult.Dropped;
        }

        rented.Complete(length, header.Width, header.Height, ++_sequence, _time.GetTimestamp(), (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10);
        if (header.Width != Description.Width || header.Height != Description.Height)
        {
            // Allocates only when the picture size changes.
            Description = Description with { Width = header.Width, Height = header.Height };
        }

        frame = rented;
        return CaptureResult.Frame;
    }

    /// <summary>
    /// Ends the command for <paramref name="reason"/> and returns the exception that reports it, with the
    /// last line the command wrote to stderr: usually its own explanation.
    /// </summary>
    private FrameSourceException Fail(string reason, bool exited = false)
    {
        if (_process?.ErrorOutput.LastLine is string line)
        {
            reason = exited ? $"{reason}: {line}" : $"{reason}; its last error output: {line}";
        }

        string message = $"command {_program} (pid {_process?.Id ?? 0}) {reason}";
        End(reason);
        return new FrameSourceException(message);
    }

    private void End(string reason)
    {
        if (_process is not null)
        {
            _process.Dispose();
            Log.CommandEnded(_logger, _program, _process.Id, _sequence, _dropped, _reader.SkippedBytes, reason);
            _process = null;
        }

        _decompressor?.Dispose();
        _decompressor = null;
        _hasPending = false;
    }
}
