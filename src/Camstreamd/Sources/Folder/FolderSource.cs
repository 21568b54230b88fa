using Camstreamd.Configuration;
using Camstreamd.Frames;
using Camstreamd.Gif;
using Camstreamd.Sources.TestPattern;
using Camstreamd.TurboJpeg;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Sources.Folder;

/// <summary>
/// Plays the JPEG and GIF files of Camera:Folder as video at Camera:FramesPerSecond.
/// Files become frames in <see cref="FolderFileLoader"/>: a GIF file is decoded into JPEGs (the last ones played
/// stay decoded until Close, see <see cref="DecodedGifCache"/>); an animated one plays frame by frame
/// with its own delays before the next file, and each self-contained GIF frame is offered to the GIF
/// stream as it is (<see cref="GifPassthrough"/>), so /stream.gif sends it without re-encoding.
/// Loop=true ("gallery"): cycles over *.jpg/*.jpeg in ordinal name order, rescanning the folder once per
/// cycle so added and removed files are noticed without a scan per frame.
/// Loop=false ("live folder", e.g. ffmpeg's image2 writer): plays each new file once, in name order, as
/// it appears, and the last one again when it is overwritten in place (ffmpeg's <c>-update 1</c>).
/// Of the files already present at Open only the newest is played (a viewer wants the current picture,
/// not a replay of an old recording), then every later one. A file that is not yet whole (no EOI: its
/// writer is still at work) is waited for while it is the newest file and its size keeps changing; once
/// a later file exists, or its size has been still for <see cref="SettleTime"/> (<see cref="SettleWatch"/>), a file that still does
/// not validate is dropped. Each scan lists the whole folder: a writer that never deletes old frames
/// makes scans slower over time (ffmpeg's <c>-update 1</c> or a rotating name avoids that).
/// A file that is not a valid JPEG gives <see cref="CaptureResult.Dropped"/> once, a warning once, and
/// is skipped silently afterwards until it changes. Width and height come from each file's header, so
/// pictures of different sizes are fine.
/// </summary>
internal sealed class FolderSource : IFrameSource
{
    /// <summary>How long an invalid newest file must stay the same size before it counts as broken, not unfinished.</summary>
    public static readonly TimeSpan SettleTime = SettleWatch.SettleTime;

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
    private readonly SettleWatch _settle;
    private FolderFileLoader? _loader;
    private int _next;
    private string? _lastPlayed;
    private FolderFile? _lastPlayedFile;
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
        _settle = new SettleWatch(time);

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
            _loader = new FolderFileLoader(_jpegQuality, _time);
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
        if (_files.Count > 0 && _loader.TryReadSize(_files[0].Path, out int width, out int height))
        {
            Description = Description with { Width = width, Height = height };
        }

        _settle.Reset();
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
        if (_loader is null)
        {
            throw new InvalidOperationException($"The folder source {_folder} is not open.");
        }

        if (_loader.HoldUntil != 0)
        {
            // An animated GIF is playing: its own delays pace it, not Camera:FramesPerSecond.
            if (!_pacer.WaitUntil(_loader.HoldUntil, MaxWait, cancellationToken))
            {
                return CaptureResult.NoFrame;
            }

            if (_loader.TryLoadNextGifFrame(pool, out Frame? next, out int length, out JpegHeader header))
            {
                frame = Deliver(next!, length, header);
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
        if (_loader is not null)
        {
            Log.Stopped(_logger, _sequence, _dropped);
        }

        _loader?.Dispose();
        _loader = null;
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

            switch (_loader!.Load(file.Path, pool, out Frame? loaded, out int length, out JpegHeader header, out string? reason, out _))
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
            switch (_loader!.Load(file.Path, pool, out Frame? loaded, out int length, out JpegHeader header, out string? reason, out FileStamp stamp))
            {
                case FileLoadResult.Loaded:
                    Played(file.With(stamp));
                    frame = Deliver(loaded!, length, header);
                    return CaptureResult.Frame;
                case FileLoadResult.Gone:
                    Played(file);
                    continue;
            }

            if (newest && !_settle.HasSettled(file))
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

        FileInfo info = new(last.Path);
        if (!info.Exists || (info.Length == last.Length && info.LastWriteTimeUtc == last.LastWriteUtc))
        {
            return false;
        }

        _lastPlayedFile = last with { Length = info.Length, LastWriteUtc = info.LastWriteTimeUtc };
        if (_loader!.Load(last.Path, pool, out Frame? loaded, out int length, out JpegHeader header, out _, out FileStamp stamp) != FileLoadResult.Loaded)
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
        _settle.Reset();
    }

    private Frame Deliver(Frame frame, int length, JpegHeader header)
    {
        long timestamp = _time.GetTimestamp();
        DateTimeOffset now = _time.GetUtcNow();
        _sequence++;
        frame.Complete(length, header.Width, header.Height, _sequence, timestamp, (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
        if (_loader!.TakeOriginal() is byte[] original)
        {
            _gifOriginals?.Offer(timestamp, original, header.Width, header.Height);
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
