using System.ComponentModel;
using System.Net.Sockets;
using System.Security.Authentication;
using Camstreamd.Configuration;
using Camstreamd.Frames;
using Camstreamd.Processes;
using Camstreamd.Publishing.Rtsp;
using Camstreamd.Retry;
using Camstreamd.Streaming;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Publishing;

/// <summary>
/// One <c>Publish:Targets</c> entry while it runs: an ffmpeg fed our JPEGs through its stdin, restarted with
/// a backoff (1 s doubling to 30 s) whenever it ends, until the target is removed or the daemon stops.
/// Each ffmpeg run is a client of the broadcaster with a queue of one frame: while a write is pending the
/// newest frame replaces the waiting one, so the capture loop never waits for a target and a frame that
/// would arrive after the next one is dropped. A pipe stalled past Streaming:StallTimeout gets the client
/// evicted like a viewer, which ends that ffmpeg.
/// </summary>
internal sealed class PublishTarget
{
    public static readonly TimeSpan InitialRetryDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>After its stdin closes, how long ffmpeg gets to flush the encoder and end the stream cleanly.</summary>
    private static readonly TimeSpan FinishWait = TimeSpan.FromSeconds(2);

    /// <summary>What ffmpeg says after the real reason ("Connection refused"), which /state should keep showing.</summary>
    private static readonly string[] GenericEndings = ["Error initializing output stream", "Conversion failed!", "Error writing trailer", "Error closing file", "Exiting normally"];

    private readonly string _ffmpeg;
    private readonly FrameBroadcaster _broadcaster;
    private readonly StreamSessions _sessions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private string _state = PublishTargetState.Connecting;
    private DateTimeOffset _since;
    private long _publishingSince;
    private string? _lastError;
    private string _encoder;
    private long _sentBefore;
    private long _droppedBefore;
    private int _runs;
    private StreamClient? _client;
    private FfmpegProgress? _progress;
    private int _pid;

    public PublishTarget(PublishTargetOptions options, PublishUrl url, string ffmpeg, double framesPerSecond, FrameBroadcaster broadcaster, StreamSessions sessions, TimeProvider time, ILogger logger)
    {
        Options = options;
        Url = url;
        FramesPerSecond = framesPerSecond;
        _ffmpeg = ffmpeg;
        _broadcaster = broadcaster;
        _sessions = sessions;
        _time = time;
        _logger = logger;
        _since = time.GetUtcNow();
        _encoder = options.Encoder;
    }

    public PublishTargetOptions Options { get; }

    public PublishUrl Url { get; }

    /// <summary>The rate sent: the target's FramesPerSecond, or the camera's when it has none.</summary>
    public double FramesPerSecond { get; }

    public PublishTargetSnapshot Snapshot()
    {
        lock (_gate)
        {
            bool publishing = _state == PublishTargetState.Publishing;
            return new PublishTargetSnapshot(
                Url.Redacted,
                Options.Codec.ToLowerInvariant(),
                _encoder,
                _state,
                _since,
                _sentBefore + (_client?.Sent ?? 0),
                _droppedBefore + (_client?.Dropped ?? 0),
                publishing ? _progress?.KilobitsPerSecond ?? double.NaN : double.NaN,
                _lastError,
                Math.Max(0, _runs - 1),
                _client is null ? 0 : _pid);
        }
    }

    /// <summary>Runs ffmpeg after ffmpeg until <paramref name="cancellationToken"/> is cancelled or the broadcaster closes.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        bool mjpeg = string.Equals(Options.Codec, PublishValidator.Mjpeg, StringComparison.OrdinalIgnoreCase);
        // Probing the hardware encoder runs ffmpeg once (remembered), on a thread of its own.
        string encoder = mjpeg ? "copy"
            : string.Equals(Options.Encoder, PublishTargetOptions.DefaultEncoder, StringComparison.OrdinalIgnoreCase)
                ? await Task.Factory.StartNew(() => FfmpegCapabilities.ResolveAuto(_ffmpeg), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false)
                : Options.Encoder;
        lock (_gate)
        {
            _encoder = encoder;
        }

        double fps = FramesPerSecond;
        Log.TargetStarting(_logger, Url.Redacted, mjpeg ? PublishValidator.Mjpeg : PublishValidator.H264, encoder, fps);
        RetryBackoff backoff = new(InitialRetryDelay, MaxRetryDelay);
        string reason = "the daemon is stopping";
        while (!cancellationToken.IsCancellationRequested && !_broadcaster.IsClosed)
        {
            string failure = await RunFfmpegAsync(encoder, fps, cancellationToken).ConfigureAwait(false);
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

        PublishTargetSnapshot last = SetState(PublishTargetState.Stopped, error: null);
        Log.TargetStopped(_logger, Url.Redacted, reason, last.FramesSent, last.FramesDropped);
    }

    /// <summary>Records a failed run; the backoff starts again after a run that published for a while.</summary>
    private void Fail(string failure, RetryBackoff backoff)
    {
        bool wasRetrying;
        lock (_gate)
        {
            wasRetrying = _state == PublishTargetState.Retrying;
            if (_state == PublishTargetState.Publishing && _time.GetElapsedTime(_publishingSince) >= MaxRetryDelay)
            {
                backoff.Reset();
            }
        }

        TimeSpan delay = backoff.Delay;

        // The journal hears of a failure once per state change, not once per retry.
        if (wasRetrying)
        {
            Log.TargetStillFailing(_logger, Url.Redacted, failure, delay.TotalSeconds);
            lock (_gate)
            {
                _lastError = failure;
            }
        }
        else
        {
            Log.TargetRetrying(_logger, Url.Redacted, failure, delay.TotalSeconds, MaxRetryDelay.TotalSeconds);
            SetState(PublishTargetState.Retrying, failure);
        }
    }

    /// <summary>One ffmpeg from start to end; returns why it ended (password masked).</summary>
    private async Task<string> RunFfmpegAsync(string encoder, double fps, CancellationToken cancellationToken)
    {
        FfmpegProgress progress = new(_time);
        RtspRelay? relay = null;
        if (RtspRelay.IsNeeded(Url))
        {
            try
            {
                byte[]? pin = Options.TlsFingerprint is string fingerprint ? CertificatePin.TryParse(fingerprint) : null;
                relay = await RtspRelay.OpenAsync(Url, pin, _logger, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or TimeoutException or OperationCanceledException or AuthenticationException or IOException)
            {
                return Url.Mask($"cannot connect to {Url.HostAndPort}: {ex.Message}");
            }
        }

        await using (relay)
        {
            string failure = await RunFfmpegAsync(encoder, fps, progress, relay?.LocalUrl, cancellationToken).ConfigureAwait(false);
            return relay?.Failure is string relayed ? $"{failure} (relaying to the server: {relayed})" : failure;
        }
    }

    /// <summary>As above, with ffmpeg publishing to <paramref name="rtspRelayUrl"/> when it is not null.</summary>
    private async Task<string> RunFfmpegAsync(string encoder, double fps, FfmpegProgress progress, string? rtspRelayUrl, CancellationToken cancellationToken)
    {
        string? preset = null;
        ChildProcess child;
        try
        {
            preset = RtmpPreset.Write(Url);
            List<string> arguments = FfmpegArguments.Build(Options, Url, encoder, fps, preset, rtspRelayUrl);
            child = ChildProcess.Start(_ffmpeg, arguments, keepInput: true, (pid, line) => OnErrorLine(progress, pid, line));
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            DeletePreset(preset);
            return Url.Mask($"cannot start {_ffmpeg}: {ex.Message}");
        }

        Log.FfmpegStarted(_logger, Url.Redacted, child.Id, _ffmpeg);
        StreamClient client = new(_sessions.NextClientId(), Url.Redacted, ViewerKind.Publish, capacity: 1, fpsLimit: null, _time);
        // Evicted (its pipe stalled): ffmpeg is stopped on a thread of its own; Finish's Stop waits for that one.
        client.OnAbort(() => Task.Factory.StartNew(child.Stop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
        lock (_gate)
        {
            _runs++;
            _client = client;
            _progress = progress;
            _pid = child.Id;
        }

        // An ffmpeg that gives up (server gone) ends the run even while no frame comes to notice it by.
        Task exited = child.WaitForExitAsync(CancellationToken.None)
            .ContinueWith(_ => client.Close("ffmpeg exited", abortConnection: false), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        string? writeError = null;

        // Stopping also cancels a write that ffmpeg does not read (its server stalled): the client is closed
        // then, so the supervisor no longer evicts it, and only the token ends that write.
        using (cancellationToken.Register(() => client.Close("stopping", abortConnection: false)))
        {
            if (_broadcaster.TryAdd(client, int.MaxValue))
            {
                try
                {
                    writeError = await WriteFramesAsync(client, child.Input, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    // Even after an unexpected exception: a client left registered would hold a queued frame.
                    _broadcaster.Remove(client);
                }
            }
        }

        // Ending ffmpeg waits (seconds at worst): on a thread of its own, not one the viewers' writers need.
        string ending = await Task.Factory.StartNew(() => Finish(child), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        lock (_gate)
        {
            _sentBefore += client.Sent;
            _droppedBefore += client.Dropped;
            _client = null;
            _progress = null;
        }

        DeletePreset(preset);
        // Finish has seen ffmpeg exit, or stopped it: the exit's continuation runs at once, or never (a
        // process SIGKILL could not end), so the wait is bounded.
        try
        {
            await exited.WaitAsync(FinishWait, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Left to run when it can; it only closes a client that is gone already.
        }

        string? said = child.ErrorOutput.LastLine;
        child.Dispose();
        string why = client.CloseReason is string closed && closed != "ffmpeg exited" ? $"{closed}; ffmpeg {ending}" : $"ffmpeg {ending}";
        if (writeError is not null && said is null)
        {
            why += $" (writing to it: {writeError})";
        }

        return Url.Mask(said is null ? why : $"{why}: {said}");
    }

    /// <summary>Ends ffmpeg: end of input first, so it flushes and closes the stream cleanly, then signals if it lingers.</summary>
    private string Finish(ChildProcess child)
    {
        try
        {
            child.Input.Dispose();
        }
        catch (IOException)
        {
            // ffmpeg is gone already: nothing to flush.
        }

        if (child.WaitForExit(FinishWait))
        {
            return child.DescribeExit();
        }

        if (child.Stop())
        {
            Log.FfmpegKilled(_logger, Url.Redacted, child.Id, ChildProcess.TerminateGrace.TotalSeconds);
        }

        return "was stopped";
    }

    /// <summary>
    /// Pipes frames to ffmpeg, in Matroska with their capture times (<see cref="MatroskaPipe"/>), until the
    /// client is closed, the pipe breaks or <paramref name="cancellationToken"/> is cancelled; returns the write error, if any.
    /// </summary>
    private async Task<string?> WriteFramesAsync(StreamClient client, Stream input, CancellationToken cancellationToken)
    {
        byte[] header = new byte[MatroskaPipe.FrameHeaderLength];
        long firstTimestamp = -1;
        while (await client.WaitAsync().ConfigureAwait(false))
        {
            // A keepalive wake brings no frame: ffmpeg keeps its own pace and needs no repeats from us.
            if (!client.TryDequeue(out Frame? frame))
            {
                continue;
            }

            int length = frame.Length;
            client.MarkWriteStarted();
            try
            {
                if (firstTimestamp < 0)
                {
                    firstTimestamp = frame.MonotonicTimestamp;
                    await input.WriteAsync(MatroskaPipe.StreamHeader(frame.Width, frame.Height), cancellationToken).ConfigureAwait(false);
                }

                long microseconds = (long)((frame.MonotonicTimestamp - firstTimestamp) * 1_000_000.0 / _time.TimestampFrequency);
                MatroskaPipe.WriteFrameHeader(header, microseconds, length);
                await input.WriteAsync(header, cancellationToken).ConfigureAwait(false);
                await input.WriteAsync(frame.Memory, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                return ex.Message;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping: Finish ends ffmpeg, with a signal if it does not take the end of its input.
                return null;
            }
            finally
            {
                frame.Release();
            }

            client.MarkWritten(length);
        }

        return null;
    }

    private string? OnErrorLine(FfmpegProgress progress, int pid, string line)
    {
        if (progress.TryTake(line))
        {
            if (progress.Frames > 0 && SetPublishing())
            {
                Log.TargetPublishing(_logger, Url.Redacted, pid);
            }

            return null;
        }

        string masked = Url.Mask(line);
        Log.ErrorOutput(_logger, Url.Redacted, pid, masked);
        return GenericEndings.Any(ending => masked.StartsWith(ending, StringComparison.Ordinal)) ? null : masked;
    }

    private bool SetPublishing()
    {
        lock (_gate)
        {
            if (_state == PublishTargetState.Publishing || _state == PublishTargetState.Stopped)
            {
                return false;
            }

            _state = PublishTargetState.Publishing;
            _since = _time.GetUtcNow();
            _publishingSince = _time.GetTimestamp();
            return true;
        }
    }

    private PublishTargetSnapshot SetState(string state, string? error)
    {
        lock (_gate)
        {
            _state = state;
            _since = _time.GetUtcNow();
            _lastError = error ?? _lastError;
        }

        return Snapshot();
    }

    private static void DeletePreset(string? path)
    {
        try
        {
            if (path is not null)
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // In the daemon's private temporary folder, mode 0600: left behind, it harms no one.
        }
    }
}
