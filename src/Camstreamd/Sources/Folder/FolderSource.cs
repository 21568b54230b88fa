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
/// Which file plays next is the mode's: Loop=true ("gallery", <see cref="FolderGallery"/>) cycles over the files in
/// name order; Loop=false ("live folder", <see cref="LiveFolder"/>, e.g. ffmpeg's image2 writer) plays each new file
/// once, as it appears, and the last one again when it is overwritten in place.
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
    private readonly double _framesPerSecond;
    private readonly TimeProvider _time;
    private readonly ILogger<FolderSource> _logger;
    private readonly FramePacer _pacer;
    private readonly TimeSpan _pollInterval;
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private readonly GifPassthrough? _gifOriginals;
    private readonly int _jpegQuality;

    // Which file plays next: exactly one of the two is set, by Camera:Loop.
    private readonly FolderGallery? _gallery;
    private readonly LiveFolder? _live;
    private FolderFileLoader? _loader;
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
        _gallery = options.Loop ? new FolderGallery(_folder, time) : null;
        _live = options.Loop ? null : new LiveFolder(_folder, time);
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

    private string Mode => _gallery is not null ? "loop" : "live";

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

        int present;
        try
        {
            present = _gallery is not null ? _gallery.Start() : _live!.Start();
        }
        catch
        {
            Close();
            throw;
        }

        // Known before the first frame, so the log and /state show the size from the start.
        FolderFile? first = _gallery is not null ? _gallery.Next : _live!.Next;
        if (first is FolderFile file && _loader.TryReadSize(file.Path, out int width, out int height))
        {
            Description = Description with { Width = width, Height = height };
        }

        _sequence = 0;
        _dropped = 0;
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

        return _gallery is not null
            ? CaptureGallery(_gallery, pool, cancellationToken, out frame, out dropReason)
            : CaptureLive(_live!, pool, cancellationToken, out frame, out dropReason);
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

    private CaptureResult CaptureGallery(FolderGallery gallery, FramePool pool, CancellationToken cancellationToken, out Frame? frame, out string? dropReason)
    {
        frame = null;
        dropReason = null;
        bool rescanned = false;
        while (gallery.TryTakeNext(ref rescanned, out FolderFile file))
        {
            FileLoadResult result = LoadAndDeliver(file, pool, out frame, out string? reason, out _);
            gallery.Read(file, result);
            if (result == FileLoadResult.Loaded)
            {
                return CaptureResult.Frame;
            }

            if (result == FileLoadResult.Invalid)
            {
                dropReason = Drop(file, reason!);
                return CaptureResult.Dropped;
            }
        }

        // Nothing playable.
        return WaitForFiles(cancellationToken);
    }

    private CaptureResult CaptureLive(LiveFolder live, FramePool pool, CancellationToken cancellationToken, out Frame? frame, out string? dropReason)
    {
        frame = null;
        dropReason = null;
        live.RescanWhenAllPlayed();
        while (live.Next is FolderFile file)
        {
            switch (LoadAndDeliver(file, pool, out frame, out string? reason, out FileStamp stamp))
            {
                case FileLoadResult.Loaded:
                    live.Played(file.With(stamp));
                    return CaptureResult.Frame;
                case FileLoadResult.Gone:
                    live.Played(file);
                    continue;
            }

            if (live.IsUnfinished(file))
            {
                // Probably still being written: look again later.
                return WaitForFiles(cancellationToken);
            }

            live.Played(file);
            dropReason = Drop(file, reason!);
            return CaptureResult.Dropped;
        }

        if (live.TryTakeRewritten(out FolderFile rewritten) && LoadAndDeliver(rewritten, pool, out frame, out _, out FileStamp read) == FileLoadResult.Loaded)
        {
            live.Replayed(rewritten.With(read));
            return CaptureResult.Frame;
        }

        return WaitForFiles(cancellationToken);
    }

    /// <summary>No frame this time: waits a little first, so the caller's retry is not a busy loop.</summary>
    private CaptureResult WaitForFiles(CancellationToken cancellationToken)
    {
        cancellationToken.WaitHandle.WaitOne(_pollInterval);
        return CaptureResult.NoFrame;
    }

    /// <summary>Reads <paramref name="file"/> into a frame and, when it is a whole picture, completes it to hand out.</summary>
    private FileLoadResult LoadAndDeliver(FolderFile file, FramePool pool, out Frame? frame, out string? reason, out FileStamp stamp)
    {
        FileLoadResult result = _loader!.Load(file.Path, pool, out Frame? loaded, out int length, out JpegHeader header, out reason, out stamp);
        frame = result == FileLoadResult.Loaded ? Deliver(loaded!, length, header) : null;
        return result;
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
}
