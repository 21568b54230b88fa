using Camstreamd.Configuration;
using Camstreamd.Frames;
using Camstreamd.Hosting;
using Camstreamd.Privacy;
using Camstreamd.Retry;
using Camstreamd.Sources;
using Camstreamd.Streaming;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Capture;

/// <summary>
/// The only producer: one dedicated thread that opens the source when someone watches, publishes its
/// frames to the broadcaster, and releases the source <c>Streaming:IdleTimeout</c> after the last
/// viewer left. A failing source is retried with backoff while viewers stay connected; an unexpected
/// error stops the host with a non-zero exit code so the service manager restarts it.
/// </summary>
internal sealed class CaptureService : BackgroundService
{
    /// <summary>How often an idle loop looks again whether frames are wanted (an IdleTimeout running out wakes nobody).</summary>
    internal static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);

    private readonly FrameSourceFactory _factory;
    private readonly FrameBroadcaster _broadcaster;
    private readonly FramePool _pool;
    private readonly StreamStatistics _statistics;
    private readonly SettingsStore _settings;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<CaptureService> _logger;
    private readonly CaptureDemand _demand;
    private readonly RetryBackoff _backoff = new();
    private readonly PrivacyMode _privacy;
    private readonly PrivacyFeed _privacyFeed;
    private readonly CaptureStatusKeeper _status;
    private long _heartbeatAt;
    private int _restartRequested;

    public CaptureService(
        FrameSourceFactory factory,
        FrameBroadcaster broadcaster,
        FramePool pool,
        StreamStatistics statistics,
        SettingsStore settings,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        ILogger<CaptureService> logger,
        PrivacyMode privacy)
    {
        _privacy = privacy;
        _factory = factory;
        _broadcaster = broadcaster;
        _pool = pool;
        _statistics = statistics;
        _settings = settings;
        _time = time;
        _lifetime = lifetime;
        _logger = logger;
        _demand = new CaptureDemand(time);
        _privacyFeed = new PrivacyFeed(broadcaster, pool, settings, time);
        _status = new CaptureStatusKeeper(settings.Current.Camera, time);
        _heartbeatAt = time.GetTimestamp();
        broadcaster.ClientsChanged += OnClientsChanged;
        privacy.Changed += OnPrivacyChanged;
    }

    /// <summary>Raised after the capture state changed (not per frame), on the capture thread; the GPIO outputs follow it.</summary>
    public event Action? StateChanged
    {
        add => _status.Changed += value;
        remove => _status.Changed -= value;
    }

    public CaptureStatus Status => _status.Current;

    /// <summary>Monotonic time the capture thread last went round its loop; a watchdog reads it.</summary>
    public long HeartbeatAt => Interlocked.Read(ref _heartbeatAt);

    /// <summary>A snapshot or similar one-off request wants frames now: see <see cref="CaptureDemand.Hold"/>.</summary>
    public IDisposable HoldDemand(string reason) => _demand.Hold(reason);

    /// <summary>Reopens the source with the current settings (after a reload that changed the camera).</summary>
    public void RequestRestart()
    {
        Interlocked.Exchange(ref _restartRequested, 1);
        // The camera's size may have changed: the privacy picture is made again at the new one.
        _privacyFeed.Forget();
        _demand.Wake();
    }

    public override void Dispose()
    {
        _broadcaster.ClientsChanged -= OnClientsChanged;
        _privacy.Changed -= OnPrivacyChanged;
        _demand.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        DedicatedThread.Start("camstreamd capture", () => Run(stoppingToken));

    private void Run(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Beat();
                if (_privacy.IsOn)
                {
                    ServePrivacy(stoppingToken);
                    continue;
                }

                if (!HasDemand())
                {
                    if (_status.State == CaptureState.Failed)
                    {
                        // Nobody waits for the failing source any more: idle by design, no stale picture kept.
                        _broadcaster.ClearLatest();
                        _status.Set(CaptureState.Idle, _status.LastError);
                    }

                    _demand.WaitForDemand(IdlePoll, stoppingToken);
                    continue;
                }

                if (RunSourceOnce(_backoff.Delay, stoppingToken))
                {
                    _backoff.Reset();
                    continue;
                }

                // A failed try (a command source may spend its whole start allowance in Open) is a round too:
                // beat before the backoff, so the watchdog sees open + backoff as two gaps, not one.
                Beat();
                _demand.WaitForRetry(_backoff.Delay, stoppingToken);
                _backoff.Increase();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        catch (Exception exception)
        {
            Log.CaptureCrashed(_logger, exception);
            _status.Set(CaptureState.Failed, exception.Message);
            Environment.ExitCode = 1;
            _lifetime.StopApplication();
        }
        finally
        {
            _broadcaster.ClearLatest();
        }
    }

    /// <summary>Opens the source and captures until idle, restart or shutdown. False when it failed.</summary>
    private bool RunSourceOnce(TimeSpan retryDelay, CancellationToken stoppingToken)
    {
        Interlocked.Exchange(ref _restartRequested, 0);
        IFrameSource source = _factory.Create(_settings.Current.Camera, out string? warning);
        try
        {
            SourceDescription description = source.Description;
            if (warning is not null && _status.Warning is null)
            {
                Log.SourceWarning(_logger, warning);
            }

            _status.Set(CaptureState.Starting, _status.LastError, description, warning);
            Log.SourceStarting(_logger, description.Kind, description.Location, _demand.Reason);
            source.Open(stoppingToken);
            description = source.Description;
            bool recovered = _status.LastError is not null;
            _status.Set(CaptureState.Running, null, description, warning, started: true);
            if (recovered)
            {
                Log.SourceRecovered(_logger, description.Kind, description.Location);
            }

            Log.SourceRunning(_logger, description.Kind, description.Location, description.Width, description.Height, description.ConfiguredFramesPerSecond);
            string reason = CaptureUntilDone(source, stoppingToken);
            source.Close();
            _broadcaster.ClearLatest();
            _status.Set(CaptureState.Idle, null, source.Description, warning, stopped: true);
            Log.SourceStopped(_logger, description.Kind, description.Location, reason);
            return true;
        }
        catch (FrameSourceException exception)
        {
            // Viewers stay connected and keep getting the last frame as keepalive while we retry.
            source.Close();
            SourceDescription description = source.Description;
            if (_status.LastError != exception.Message)
            {
                Log.SourceFailed(_logger, description.Kind, description.Location, exception.Message, retryDelay.TotalSeconds);
            }

            _status.Set(CaptureState.Failed, exception.Message, description, warning, stopped: _status.State == CaptureState.Running);
            return false;
        }
        finally
        {
            source.Dispose();
        }
    }

    private string CaptureUntilDone(IFrameSource source, CancellationToken stoppingToken)
    {
        while (true)
        {
            Beat();
            if (stoppingToken.IsCancellationRequested || _lifetime.ApplicationStopping.IsCancellationRequested)
            {
                return "the service is stopping";
            }

            if (Volatile.Read(ref _restartRequested) == 1)
            {
                return "the configuration changed";
            }

            if (_privacy.IsOn)
            {
                return "privacy is on";
            }

            if (!HasDemand())
            {
                return $"no viewers for {_settings.Current.Streaming.IdleTimeout.TotalSeconds:0.#} s (Streaming:IdleTimeout)";
            }

            switch (source.Capture(_pool, stoppingToken, out Frame? frame, out string? dropReason))
            {
                case CaptureResult.Frame when _privacy.IsOn:
                    // Privacy came on while this frame was dequeued and encoded: it is never shown, and the camera is
                    // released now rather than after one more round.
                    frame!.Release();
                    return "privacy is on";
                case CaptureResult.Frame:
                    _statistics.CountCaptured();
                    _status.FramePublished();
                    _broadcaster.Publish(frame!);
                    break;
                case CaptureResult.Dropped:
                    _statistics.CountBroken();
                    Log.FrameDropped(_logger, source.Description.Location, dropReason ?? "invalid frame");
                    break;
                case CaptureResult.NoFrame:
                    break;
            }
        }
    }

    private bool HasDemand() =>
        // Stopping: no new camera start for a late request.
        !_lifetime.ApplicationStopping.IsCancellationRequested
        && _demand.IsWanted(_broadcaster.ClientCount, _settings.Current.Streaming.IdleTimeout);

    private void OnClientsChanged() => _demand.ViewersChanged();

    private void OnPrivacyChanged() => _demand.Wake();

    /// <summary>
    /// One round of privacy: the source is closed (the loop left it), viewers stay connected and get the privacy
    /// picture about once a second (and at once when they join), until privacy ends and the camera may open again.
    /// </summary>
    private void ServePrivacy(CancellationToken stoppingToken)
    {
        if (_status.State != CaptureState.Privacy)
        {
            _status.Set(CaptureState.Privacy, null);
        }

        if (_privacyFeed.Publish() is string problem)
        {
            // Viewers keep the connection and no camera frame; /state says why they see no picture.
            _status.Set(CaptureState.Privacy, problem);
        }

        _demand.WaitForDemand(IdlePoll, stoppingToken);
        if (!_privacy.IsOn)
        {
            // No privacy picture may outlive privacy: a snapshot now waits for the camera's first frame.
            _broadcaster.ClearLatest();
            _status.Set(CaptureState.Idle, null);
        }
    }

    private void Beat() => Interlocked.Exchange(ref _heartbeatAt, _time.GetTimestamp());
}
