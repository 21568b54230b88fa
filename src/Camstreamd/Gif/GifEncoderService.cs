using System.Buffers.Binary;
using Camstreamd.Configuration;
using Camstreamd.Frames;
using Camstreamd.Hosting;
using Camstreamd.Streaming;
using Camstreamd.TurboJpeg;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Gif;

/// <summary>
/// The one GIF encoder for all GIF viewers of a broadcaster. It runs on a thread of its own, and only
/// while the broadcaster has a GIF viewer: takes the newest JPEG (skipping any it had no time for), at
/// most <c>Gif:FramesPerSecond</c> times a second, encodes it once and publishes the GIF frame to the GIF
/// viewers' queues as a pooled frame. The capture thread only sets its wake-up event and never waits for it.
/// Everything ImageSharp allocates is allocated on this thread and reported in <see cref="GifStatistics.AllocatedBytes"/>.
/// </summary>
internal sealed class GifEncoderService : BackgroundService
{
    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(1);

    private readonly FrameBroadcaster _broadcaster;
    private readonly SettingsStore _settings;
    private readonly GifStatistics _statistics;
    private readonly TimeProvider _time;
    private readonly ILogger<GifEncoderService> _logger;
    private readonly GifPassthrough _originals;
    private readonly FramePool _pool = new(64 * 1024);
    private readonly AutoResetEvent _wake = new(false);
    private volatile bool _active;

    // When the encoder next wants a JPEG (a GetTimestamp value); the capture thread wakes it only from then on.
    private long _nextDue;

    public GifEncoderService(FrameBroadcaster broadcaster, SettingsStore settings, GifStatistics statistics, TimeProvider time, ILogger<GifEncoderService> logger, GifPassthrough originals)
    {
        _originals = originals;
        _broadcaster = broadcaster;
        _settings = settings;
        _statistics = statistics;
        _time = time;
        _logger = logger;
        _broadcaster.ClientsChanged += Wake;
        _broadcaster.JpegPublished += OnJpegPublished;
    }

    /// <summary>GIF frames rented and not yet returned; for tests.</summary>
    public long OutstandingFrames => _pool.Outstanding;

    /// <summary>The GIF delay for a rate: hundredths of a second, at least 2 (browsers slow anything shorter to 10).</summary>
    public static int DelayCentiseconds(double framesPerSecond) => (int)Math.Clamp(Math.Round(100 / framesPerSecond), 2, ushort.MaxValue);

    public override void Dispose()
    {
        _broadcaster.ClientsChanged -= Wake;
        _broadcaster.JpegPublished -= OnJpegPublished;
        base.Dispose();
        _wake.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Nicer than the rest of the daemon: quantizing a GIF frame is the heaviest work per frame we do, and it can
        // wait a few milliseconds; the capture loop and the MJPEG viewers' sends cannot.
        DedicatedThread.Start("gif-encoder", () => Run(stoppingToken), niceness: 10);

    private void Run(CancellationToken stoppingToken)
    {
        WaitHandle[] waits = [_wake, stoppingToken.WaitHandle];
        try
        {
            Encode(waits, stoppingToken);
        }
        catch (TurboJpegException exception)
        {
            // libjpeg-turbo missing or too old: a property of the installed system, and probed once per
            // process, so trying again for the next viewer would fail the same way. GIF viewers are told
            // why (503 with the package to install) rather than kept on a stream that never sends a byte.
            RefuseViewers(exception, waits, stoppingToken);
        }
    }

    private void Encode(WaitHandle[] waits, CancellationToken stoppingToken)
    {
        long allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
        GifFrameEncoder? encoder = null;
        long lastTimestamp = 0;
        bool warned = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                int viewers = _broadcaster.GifClientCount;
                if (viewers == 0)
                {
                    if (_active)
                    {
                        // The next GIF viewer must not be sent a picture from before its time.
                        _active = false;
                        _broadcaster.ClearLatestGif();
                        lastTimestamp = 0;
                        Log.EncoderPaused(_logger, _statistics.FramesEncoded, _statistics.FramesPassedThrough);

                        // Its buffers and ImageSharp's pools are several megabytes (issue #12): the next viewer makes a new one.
                        encoder?.Dispose();
                        encoder = null;
                    }

                    // No GIF viewer: nothing to do until one arrives (ClientsChanged wakes us), so no idle poll.
                    WaitHandle.WaitAny(waits);
                    continue;
                }

                GifOptions options = _settings.Current.Gif;
                if (!_active)
                {
                    _active = true;
                    Log.EncoderStarted(_logger, viewers, options.Width, options.FramesPerSecond, options.Colors, options.Dither);
                }

                long now = _time.GetTimestamp();
                long nextDue = Volatile.Read(ref _nextDue);
                if (now < nextDue)
                {
                    WaitHandle.WaitAny(waits, _time.GetElapsedTime(now, nextDue));
                    continue;
                }

                // Made before a JPEG is acquired, so an encoder that cannot be made strands no frame reference.
                encoder ??= new GifFrameEncoder();
                Frame? jpeg = _broadcaster.AcquireLatest(FrameFeed.Jpeg);
                if (jpeg is null || jpeg.MonotonicTimestamp == lastTimestamp)
                {
                    jpeg?.Release();
                    WaitHandle.WaitAny(waits, IdleWait);
                    continue;
                }

                lastTimestamp = jpeg.MonotonicTimestamp;
                Volatile.Write(ref _nextDue, now + (long)(_time.TimestampFrequency / options.FramesPerSecond));
                if (TryPassThrough(jpeg, options))
                {
                    continue;
                }

                EncodeAndPublish(encoder, jpeg, options, allocatedAtStart, ref warned);
            }
        }
        finally
        {
            _active = false;
            encoder?.Dispose();
            _broadcaster.ClearLatestGif();
        }
    }

    /// <summary>
    /// The encoder cannot run: from now on <see cref="GifStatistics.EncoderFailure"/> makes /stream.gif answer
    /// 503, and any GIF viewer already connected (or admitted just before) is closed with the reason.
    /// </summary>
    private void RefuseViewers(TurboJpegException exception, WaitHandle[] waits, CancellationToken stoppingToken)
    {
        _statistics.SetEncoderFailure(exception.Message);
        Log.EncoderFailed(_logger, exception);
        string reason = $"the GIF encoder cannot run: {exception.Message}";
        while (!stoppingToken.IsCancellationRequested)
        {
            if (_broadcaster.GifClientCount > 0)
            {
                _broadcaster.CloseFeed(FrameFeed.Gif, reason);
            }

            // A viewer admitted is a ClientsChanged, which wakes this wait at once.
            WaitHandle.WaitAny(waits, IdleWait);
        }
    }

    private void EncodeAndPublish(GifFrameEncoder encoder, Frame jpeg, GifOptions options, long allocatedAtStart, ref bool warned)
    {
        long started = _time.GetTimestamp();
        long sequence = jpeg.Sequence;
        Frame? gif;
        string? error;
        bool encoded;
        try
        {
            encoded = encoder.TryEncode(jpeg, options, DelayCentiseconds(options.FramesPerSecond), _pool, out gif, out error);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // ImageSharp failing on one picture must not end the GIF stream for everyone.
            encoded = false;
            gif = null;
            error = $"{exception.GetType().Name}: {exception.Message}";
        }
        finally
        {
            jpeg.Release();
        }

        // Before the frame goes out: once a viewer has it, the count already includes what made it.
        _statistics.SetAllocated(GC.GetAllocatedBytesForCurrentThread() - allocatedAtStart);
        if (!encoded)
        {
            _statistics.CountFailed();
            if (!warned)
            {
                warned = true;
                Log.FrameSkipped(_logger, sequence, error!);
            }
            else
            {
                Log.FrameSkippedAgain(_logger, sequence, error!);
            }

            return;
        }

        _statistics.CountEncoded(gif!.Length, _time.GetElapsedTime(started), gif.Width, gif.Height);
        _broadcaster.PublishGif(gif);
    }

    /// <summary>
    /// Sends the source's own GIF frame for this JPEG (a GIF file of the folder) as it is, when it has the
    /// size the stream would have; takes over the JPEG's reference. False: encode the JPEG instead.
    /// </summary>
    private bool TryPassThrough(Frame jpeg, GifOptions options)
    {
        if (!_originals.TryGet(jpeg.MonotonicTimestamp, out byte[] original, out int width, out int height)
            || GifGeometry.OutputSize(width, height, options.Width) != (width, height))
        {
            return false;
        }

        Frame gif = _pool.Rent(original.Length);
        Span<byte> block = gif.WritableBuffer[..original.Length];
        original.CopyTo(block);
        // The delay of the frame's graphic control extension, which every stream frame starts with.
        Span<byte> delay = block.Slice(4, sizeof(ushort));
        if (BinaryPrimitives.ReadUInt16LittleEndian(delay) == 0)
        {
            // A lone frame written by ffmpeg has no delay; on the stream it gets the stream's own.
            BinaryPrimitives.WriteUInt16LittleEndian(delay, (ushort)DelayCentiseconds(options.FramesPerSecond));
        }

        gif.Complete(original.Length, width, height, jpeg.Sequence, jpeg.MonotonicTimestamp, jpeg.UnixTimeMicroseconds);
        jpeg.Release();
        _statistics.CountPassedThrough(original.Length, width, height);
        _broadcaster.PublishGif(gif);
        return true;
    }

    private void Wake() => _wake.Set();

    /// <summary>On the capture thread: wakes the encoder only once it is due, not for every JPEG a faster camera makes.</summary>
    private void OnJpegPublished()
    {
        if (_active && _time.GetTimestamp() >= Volatile.Read(ref _nextDue))
        {
            _wake.Set();
        }
    }
}
