using Camstreamd.Configuration;
using Camstreamd.Frames;
using Camstreamd.Gif;
using Camstreamd.Sources.TestPattern;
using Camstreamd.TurboJpeg;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Sources.Folder;

/// <summary>
/// Plays the JPEG and GIF files of Camera:Folder as video at Camera:FramesPerSecond.
/// A GIF file is decoded into JPEGs (see <see cref="GifFileReader"/>; the last ones played stay decoded
/// until Close, see <see cref="DecodedGifCache"/>); an animated one plays frame by frame
/// with its own delays before the next file, and each self-contained GIF frame is offered to the GIF
/// stream as it is (<see cref="GifPassthrough"/>), so /stream.gif sends it without re-encoding.
/// Loop=true ("gallery"): cycles over *.jpg/*.jpeg in ordinal name order, rescanning the folder once per
/// cycle so added and removed files are noticed without a scan per frame.
/// Loop=false ("live folder", e.g. ffmpeg's image2 writer): plays each new file once, in name order, as
/// it appears, and the last one again when it is overwritten in place (ffmpeg's <c>-update 1</c>).
/// Of the files already present at Open only the newest is played (a viewer wants the current picture,
/// not a replay of an old recording), then every later one. A file that is not yet whole (no EOI: its
/// writer is still at work) is waited for while it is the newest file and its size keeps changing; once
/// a later file exists, or its size has been still for <see cref="SettleTime"/>, a file that still does
/// not validate is dropped. Each scan lists the whole folder: a writer that never deletes old frames
/// makes scans slower over time (ffmpeg's <c>-update 1</c> or a rotating name avoids that).
/// A file that is not a valid JPEG gives <see cref="CaptureResult.Dropped"/> once, a warning once, and
/// is skipped silently afterwards until it changes. Width and height come from each file's header, so
/// pictures of different sizes are fine.
/// </summary>
internal sealed class FolderSource : IFrameSource
{
    /// <summary>How long an invalid newest file must stay the same size before it counts as broken, not unfinished.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(500);

    private readonly string _folder;
    private readonly bool _loop;
    private readonly double _framesPerSecond;
    private readonly TimeProvider _time;
    private readonly ILogger<FolderSource> _logger;
    private readonly FramePacer _pacer;
    private readonly TimeSpan _pollInterval;
    private readonly List<FolderFile> _files = [];
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FolderFile> _knownBad = new(StringComparer.Ordinal);
    private readonly GifPassthrough? _gifOriginals;
    private readonly int _jpegQuality;
    private readonly Queue<GifFileFrame> _gifPending = new();
    private JpegFileReader? _reader;
    private GifFileReader? _gifReader;
    private byte[]? _originalForNext;
    private long _gifHoldUntil;
    private int _next;
    private string? _lastPlayed;
    private FolderFile? _lastPlayedFile;
    private string? _settlingName;
    private long _settlingLength;
    private long _settlingSince;
    private long _sequence;
    private long _dropped;

    public FolderSource(CameraOptions options, TimeProvider time, ILogger<FolderSource> logger, GifPassthrough? gifOriginals = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        if (string.IsNullOrWhiteSpace(options.Folder))
        {
            throw new ArgumentException("Camera:Folder must name a folder of JPEG or GIF files when Camera:Source is folder.", nameof(options));
        }

        if (!(options.FramesPerSecond > 0) || double.IsInfinity(options.FramesPerSecond))
        {
            throw new ArgumentException($"Camera:FramesPerSecond must be a positive number; got {options.FramesPerSecond}.", nameof(options));
        }

        _folder = Path.GetFullPath(options.Folder);
        _gifOriginals = gifOriginals;
        _jpegQuality = options.JpegQuality;
        _loop = options.Loop;
        _framesPerSecond = options.FramesPerSecond;
        _time = time;
        _logger = logger;
        _pacer = new FramePacer(time, _framesPerSecond);

        // Polling for new files: often enough to keep up with the rate, never a busy loop.
        _pollInterval = TimeSpan.FromMilliseconds(Math.Clamp(_pacer.Period.TotalMilliseconds / 2, 5, 250));
        Description = new SourceDescription("folder", _folder, 0, 0, _framesPerSecond, Mode);
    }

    public SourceDescription Description { get; private set; }

    /// <summary>Files found invalid since Open.</summary>
    public long DroppedFiles => _dropped;

    private string Mode => _loop ? "loop" : "live";

    public void Open(CancellationToken cancellationToken)
    {
        Close();
        if (!Directory.Exists(_folder))
        {
            throw new FrameSourceException($"Camera:Folder '{_folder}' does not exist or is not a directory.");
        }

        try
        {
            _reader = new JpegFileReader();
            _gifReader = new GifFileReader(_jpegQuality);
        }
        catch (TurboJpegException ex)
        {
            throw new FrameSourceException($"Folder source {_folder}: {ex.Message}", ex);
        }

        try
        {
            ScanOrThrow(after: null);
        }
        catch
        {
            Close();
            throw;
        }

        int present = _files.Count;
        _next = 0;
        _lastPlayed = null;
        _lastPlayedFile = null;
        if (!_loop && _files.Count >= 2)
        {
            // Live folder: start with the newest existing file, then whatever comes after it.
            _lastPlayed = _files[^2].Name;
            _files.RemoveRange(0, _files.Count - 1);
        }

        // Known before the first frame, so the log and /state show the size from the start.
        if (_files.Count > 0 && TryReadSize(_files[0].Path, out int width, out int height))
        {
            Description = Description with { Width = width, Height = height };
        }

        _settlingName = null;
        _gifPending.Clear();
        _gifHoldUntil = 0;
        _sequence = 0;
        _dropped = 0;
        _knownBad.Clear();
        _pacer.Restart();
        Log.Started(_logger, _folder, Mode, _framesPerSecond, present);
    }

    public CaptureResult Capture(FramePool pool, CancellationToken cancellationToken, out Frame? frame, out string? dropReason)
    {
        ArgumentNullException.ThrowIfNull(pool);
        frame = null;
        dropReason = null;
        if (_reader is null)
        {
            throw new InvalidOperationException($"The folder source {_folder} is not open.");
        }

        if (_gifHoldUntil != 0)
        {
            // An animated GIF is playing: its own delays pace it, not Camera:FramesPerSecond.
            if (!_pacer.WaitUntil(_gifHoldUntil, MaxWait, cancellationToken))
            {
                return CaptureResult.NoFrame;
            }

            _gifHoldUntil = 0;
            if (_gifPending.TryDequeue(out GifFileFrame? next))
            {
                frame = DeliverGif(pool, next);
                return CaptureResult.Frame;
            }

            _pacer.Restart();
        }

        if (!_pacer.WaitUntilDue(MaxWait, cancellationToken))
        {
            return CaptureResult.NoFrame;
        }

        return _loop
            ? CaptureLoop(pool, cancellationToken, out frame, out dropReason)
            : CaptureLive(pool, cancellationToken, out frame, out dropReason);
    }

    public void Close()
    {
        if (_reader is not null)
        {
            Log.Stopped(_logger, _sequence, _dropped);
        }

        _reader?.Dispose();
        _reader = null;
        _gifReader?.Dispose();
        _gifReader = null;
        _gifPending.Clear();
    }

    public void Dispose() => Close();

    private CaptureResult CaptureLoop(FramePool pool, CancellationToken cancellationToken, out Frame? frame, out string? dropReason)
    {
        frame = null;
        dropReason = null;

        // Bounded: at most one pass over the list and one rescan, so a folder of bad files cannot spin.
        bool rescanned = false;
        while (true)
        {
            if (_next >= _files.Count)
            {
                if (rescanned)
                {
                    break;
                }

                ScanOrThrow(after: null);
                _next = 0;
                rescanned = true;
                if (_files.Count == 0)
                {
                    break;
                }
            }

            FolderFile file = _files[_next++];
            if (_knownBad.TryGetValue(file.Path, out FolderFile bad) && bad == file)
            {
                continue;
            }

            switch (LoadFile(file.Path, pool, out Frame? loaded, out int length, out JpegHeader header, out string? reason, out _))
            {
                case FileLoadResult.Loaded:
                    _knownBad.Remove(file.Path);
                    frame = Deliver(loaded!, length, header);
                    return CaptureResult.Frame;
                case FileLoadResult.Invalid:
                    _knownBad[file.Path] = file;
                    dropReason = Drop(file, reason!);
                    return CaptureResult.Dropped;
                default:
                    continue;
            }
        }

        // Nothing playable: wait a little so the caller's retry is not a busy loop.
        cancellationToken.WaitHandle.WaitOne(_pollInterval);
        return CaptureResult.NoFrame;
    }

    private CaptureResult CaptureLive(FramePool pool, CancellationToken cancellationToken, out Frame? frame, out string? dropReason)
    {
        frame = null;
        dropReason = null;
        if (_next >= _files.Count)
        {
            ScanOrThrow(_lastPlayed);
            _next = 0;
        }

        while (_next < _files.Count)
        {
            FolderFile file = _files[_next];
            bool newest = _next == _files.Count - 1;
            switch (LoadFile(file.Path, pool, out Frame? loaded, out int length, out JpegHeader header, out string? reason, out FileStamp stamp))
            {
                case FileLoadResult.Loaded:
                    Played(file.With(stamp));
                    frame = Deliver(loaded!, length, header);
                    return CaptureResult.Frame;
                case FileLoadResult.Gone:
                    Played(file);
                    continue;
            }

            if (newest && !HasSettled(file))
            {
                // Probably still being written; look again later, with a fresh scan in case a later file appears.
                _files.Clear();
                _next = 0;
                cancellationToken.WaitHandle.WaitOne(_pollInterval);
                return CaptureResult.NoFrame;
            }

            Played(file);
            dropReason = Drop(file, reason!);
            return CaptureResult.Dropped;
        }

        if (TryReplayRewritten(pool, out frame))
        {
            return CaptureResult.Frame;
        }

        cancellationToken.WaitHandle.WaitOne(_pollInterval);
        return CaptureResult.NoFrame;
    }

    /// <summary>
    /// A writer that keeps overwriting one name (ffmpeg <c>-update 1 latest.jpg</c>) makes no new names;
    /// a change of the last played file's size or time counts as a new picture. While it is being
    /// rewritten it does not validate: that is waited out, not dropped.
    /// </summary>
    private bool TryReplayRewritten(FramePool pool, out Frame? frame)
    {
        frame = null;
        if (_lastPlayedFile is not FolderFile last)
        {
            return false;
        }

        var info = new FileInfo(last.Path);
        if (!info.Exists || (info.Length == last.Length && info.LastWriteTimeUtc == last.LastWriteUtc))
        {
            return false;
        }

        _lastPlayedFile = last with { Length = info.Length, LastWriteUtc = info.LastWriteTimeUtc };
        if (LoadFile(last.Path, pool, out Frame? loaded, out int length, out JpegHeader header, out _, out FileStamp stamp) != FileLoadResult.Loaded)
        {
            return false;
        }

        _lastPlayedFile = last.With(stamp);
        frame = Deliver(loaded!, length, header);
        return true;
    }

    private void Played(FolderFile file)
    {
        _lastPlayed = file.Name;
        _lastPlayedFile = file;
        _next++;
        _settlingName = null;
    }

    /// <summary>True once an invalid newest file has kept its size for <see cref="SettleTime"/>.</summary>
    private bool HasSettled(FolderFile file)
    {
        var info = new FileInfo(file.Path);
        long length = info.Exists ? info.Length : -1;
        long now = _time.GetTimestamp();
        if (!string.Equals(_settlingName, file.Name, StringComparison.Ordinal) || _settlingLength != length)
        {
            _settlingName = file.Name;
            _settlingLength = length;
            _settlingSince = now;
            return false;
        }

        return _time.GetElapsedTime(_settlingSince, now) >= SettleTime;
    }

    /// <summary>The picture size from a file's first bytes: a JPEG's frame header, a GIF's logical screen.</summary>
    private bool TryReadSize(string path, out int width, out int height)
    {
        if (GifFileReader.IsGifName(path))
        {
            return GifFileReader.TryReadSize(path, out width, out height);
        }

        bool read = _reader!.TryReadSize(path, out JpegHeader header);
        (width, height) = (header.Width, header.Height);
        return read;
    }

    /// <summary>A JPEG file as it is, or a GIF file's first frame (the rest queued to play after it).</summary>
    private FileLoadResult LoadFile(string path, FramePool pool, out Frame? frame, out int length, out JpegHeader header, out string? reason, out FileStamp stamp)
    {
        if (!GifFileReader.IsGifName(path))
        {
            return _reader!.Load(path, pool, out frame, out length, out header, out reason, out stamp);
        }

        frame = null;
        length = 0;
        header = default;
        FileLoadResult result = _gifReader!.Load(path, out IReadOnlyList<GifFileFrame> frames, out reason, out stamp);
        if (result != FileLoadResult.Loaded)
        {
            return result;
        }

        _gifPending.Clear();
        for (int i = 1; i < frames.Count; i++)
        {
            _gifPending.Enqueue(frames[i]);
        }

        GifFileFrame first = frames[0];
        frame = Rent(pool, first);
        length = first.Jpeg.Length;
        header = new JpegHeader(first.Width, first.Height, JpegSubsampling.Samp420);
        _originalForNext = first.Original;
        if (frames.Count > 1)
        {
            _gifHoldUntil = HoldFor(first.DelayCentiseconds);
        }

        return FileLoadResult.Loaded;
    }

    /// <summary>The next frame of an animated GIF; it is held for its delay (the last one too) before anything else plays.</summary>
    private Frame DeliverGif(FramePool pool, GifFileFrame next)
    {
        Frame frame = Rent(pool, next);
        _originalForNext = next.Original;
        _gifHoldUntil = HoldFor(next.DelayCentiseconds);

        return Deliver(frame, next.Jpeg.Length, new JpegHeader(next.Width, next.Height, JpegSubsampling.Samp420));
    }

    private static Frame Rent(FramePool pool, GifFileFrame gifFrame)
    {
        Frame frame = pool.Rent(gifFrame.Jpeg.Length);
        gifFrame.Jpeg.CopyTo(frame.WritableBuffer);
        return frame;
    }

    /// <summary>When a GIF frame shown now with <paramref name="centiseconds"/> of delay ends; 0 and 1 mean 10, as browsers play them.</summary>
    private long HoldFor(int centiseconds)
    {
        int delay = centiseconds < 2 ? 10 : centiseconds;
        return _time.GetTimestamp() + (long)(delay / 100.0 * _time.TimestampFrequency);
    }

    private Frame Deliver(Frame frame, int length, JpegHeader header)
    {
        long timestamp = _time.GetTimestamp();
        DateTimeOffset now = _time.GetUtcNow();
        _sequence++;
        frame.Complete(length, header.Width, header.Height, _sequence, timestamp, (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
        if (_originalForNext is not null)
        {
            _gifOriginals?.Offer(timestamp, _originalForNext, header.Width, header.Height);
            _originalForNext = null;
        }

        if (header.Width != Description.Width || header.Height != Description.Height)
        {
            // Allocates only when the picture size changes.
            Description = Description with { Width = header.Width, Height = header.Height };
        }

        _pacer.Advance();
        return frame;
    }

    private string Drop(FolderFile file, string reason)
    {
        _dropped++;
        if (_warned.Add(file.Path))
        {
            Log.InvalidFile(_logger, file.Path, reason);
        }

        return $"{file.Name}: {reason}";
    }

    private void ScanOrThrow(string? after)
    {
        try
        {
            FolderScanner.Scan(_folder, _files, after);
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            throw new FrameSourceException($"Camera:Folder '{_folder}' cannot be listed: {ex.Message}", ex);
        }
    }
}
