using Camstreamd.Configuration;
using Camstreamd.Retry;
using Camstreamd.Streaming;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Publishing;

/// <summary>
/// One <c>Publish:Targets</c> entry while it runs: an ffmpeg fed our JPEGs through its stdin (<see cref="FfmpegRun"/>),
/// restarted with a backoff (1 s doubling to 30 s) whenever it ends, until the target is removed or the daemon stops.
/// Each ffmpeg run is a client of the broadcaster with a queue of one frame: while a write is pending the
/// newest frame replaces the waiting one, so the capture loop never waits for a target and a frame that
/// would arrive after the next one is dropped. A pipe stalled past Streaming:StallTimeout gets the client
/// evicted like a viewer, which ends that ffmpeg. What /state shows is in <see cref="PublishTargetStatus"/>.
/// </summary>
internal sealed class PublishTarget
{
    public static readonly TimeSpan InitialRetryDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly string _ffmpeg;
    private readonly FrameBroadcaster _broadcaster;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PublishTargetStatus _status;
    private readonly FfmpegRun _run;

    public PublishTarget(PublishTargetOptions options, PublishUrl url, string ffmpeg, double framesPerSecond, FrameBroadcaster broadcaster, StreamSessions sessions, TimeProvider time, ILogger logger)
    {
        Options = options;
        Url = url;
        FramesPerSecond = framesPerSecond;
        _ffmpeg = ffmpeg;
        _broadcaster = broadcaster;
        _time = time;
        _logger = logger;
        _status = new PublishTargetStatus(url, options.Codec, options.Encoder, time);
        _run = new FfmpegRun(options, url, ffmpeg, broadcaster, sessions, _status, time, logger);
    }

    public PublishTargetOptions Options { get; }

    public PublishUrl Url { get; }

    /// <summary>The rate sent: the target's FramesPerSecond, or the camera's when it has none.</summary>
    public double FramesPerSecond { get; }

    public PublishTargetSnapshot Snapshot() => _status.Snapshot();

    /// <summary>Runs ffmpeg after ffmpeg until <paramref name="cancellationToken"/> is cancelled or the broadcaster closes.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        bool mjpeg = string.Equals(Options.Codec, PublishValidator.Mjpeg, StringComparison.OrdinalIgnoreCase);
        // Probing the hardware encoder runs ffmpeg once (remembered), on a thread of its own.
        string encoder = mjpeg ? "copy"
            : string.Equals(Options.Encoder, PublishTargetOptions.DefaultEncoder, StringComparison.OrdinalIgnoreCase)
                ? await Task.Factory.StartNew(() => FfmpegCapabilities.ResolveAuto(_ffmpeg), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false)
                : Options.Encoder;
        _status.SetEncoder(encoder);

        double fps = FramesPerSecond;
        Log.TargetStarting(_logger, Url.Redacted, mjpeg ? PublishValidator.Mjpeg : PublishValidator.H264, encoder, fps);
        RetryBackoff backoff = new(InitialRetryDelay, MaxRetryDelay);
        string reason = "the daemon is stopping";
        while (!cancellationToken.IsCancellationRequested && !_broadcaster.IsClosed)
        {
            string failure = await _run.RunAsync(encoder, fps, cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested || _broadcaster.IsClosed)
            {
                break;
            }

            Fail(failure, backoff);
            try
            {
                await Task.Delay(backoff.Delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            backoff.Increase();
        }

        if (!_broadcaster.IsClosed)
        {
            reason = "removed from Publish:Targets";
        }

        PublishTargetSnapshot last = _status.SetState(PublishTargetState.Stopped, error: null);
        Log.TargetStopped(_logger, Url.Redacted, reason, last.FramesSent, last.FramesDropped);
    }

    /// <summary>Records a failed run; the backoff starts again after a run that published for a while.</summary>
    private void Fail(string failure, RetryBackoff backoff)
    {
        (bool wasRetrying, bool publishedLongEnough) = _status.Failed(MaxRetryDelay);
        if (publishedLongEnough)
        {
            backoff.Reset();
        }

        TimeSpan delay = backoff.Delay;

        // The journal hears of a failure once per state change, not once per retry.
        if (wasRetrying)
        {
            Log.TargetStillFailing(_logger, Url.Redacted, failure, delay.TotalSeconds);
            _status.SetLastError(failure);
        }
        else
        {
            Log.TargetRetrying(_logger, Url.Redacted, failure, delay.TotalSeconds, MaxRetryDelay.TotalSeconds);
            _status.SetState(PublishTargetState.Retrying, failure);
        }
    }
}
