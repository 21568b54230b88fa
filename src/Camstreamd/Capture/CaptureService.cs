using Camstreamd.Configuration;
using Camstreamd.Frames;
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
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);
    /// <summary>The longest wait between two tries of a failing source (the delay doubles from 1 s up to this).</summary>
    internal static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    /// <summary>Nobody has asked for frames since start: the camera stays closed until someone does.</summary>
    private const long NoDemandYet = long.MinValue;

    private readonly FrameSourceFactory _factory;
    private readonly FrameBroadcaster _broadcaster;
    private readonly FramePool _pool;
    private readonly StreamStatistics _statistics;
    private readonly SettingsStore _settings;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<CaptureService> _logger;
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly RateMeter _rate;
    private readonly Lock _statusGate = new();
    private CaptureStatus _status;
    private long _lastDemandAt = NoDemandYet;
    private long _heartbeatAt;
    private int _restartRequested;
    private int _heldDemands;
    private string _demandReason = "a viewer connected";

    public CaptureService(
        FrameSourceFactory factory,
        FrameBroadcaster broadcaster,
        FramePool pool,
        StreamStatistics statistics,
        SettingsStore settings,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        ILogger<CaptureService> logger)
    {
        _factory = factory;
        _broadcaster = broadcaster;
        _pool = pool;
        _statistics = statistics;
        _settings = settings;
        _time = time;
        _lifetime = lifetime;
        _logger = logger;
        _rate = new RateMeter(time);
        CameraOptions camera = settings.Current.Camera;
        _status = new CaptureStatus(new SourceDescription(camera.Source, camera.Folder, camera.Width, camera.Height, camera.FramesPerSecond), CaptureState.Idle, 0, null, null, 0, 0, time.GetUtcNow());
        _heartbeatAt = time.GetTimestamp();
        broadcaster.ClientsChanged += OnClientsChanged;
    }

    public CaptureStatus Status
    {
        get
        {
            lock (_statusGate)
            {
                return _status with { MeasuredFramesPerSecond = _status.State == CaptureState.Running ? _rate.PerSecond(_time.GetTimestamp()) : 0 };
            }
        }
    }

    /// <summary>Monotonic time the capture thread last went round its loop; a watchdog reads it.</summary>
    public long HeartbeatAt => Interlocked.Read(ref _heartbeatAt);

    /// <summary>A snapshot or similar one-off request wants frames now: start the source if it is idle.</summary>
    private void RequestFrames(string reason)
    {
        _demandReason = reason;
        Interlocked.Exchange(ref _lastDemandAt, _time.GetTimestamp());
        _wake.Set();
    }

    /// <summary>
    /// Holds demand while a one-off request waits for a frame (a snapshot during a slow camera start), so the
    /// idle timeout cannot release the source under it; the idle countdown starts again when it is disposed.
    /// </summary>
    public IDisposable HoldDemand(string reason)
    {
        Interlocked.Increment(ref _heldDemands);
        RequestFrames(reason);
        return new DemandHold(this);
    }

    /// <summary>Reopens the source with the current settings (after a reload that changed the camera).</summary>
    public void RequestRestart()
    {
        Interlocked.Exchange(ref _restartRequested, 1);
        _wake.Set();
    }

    public override void Dispose()
    {
        _broadcaster.ClientsChanged -= OnClientsChanged;
        _wake.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A thread of its own: sources block in poll() or on pacing deadlines, never on the thread pool.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(stoppingToken);
                done.SetResult();
            }
            catch (Exception exception)
            {
                done.SetException(exception);
            }
        })
        {
            Name = "camstreamd capture",
            IsBackground = true,
        };
        thread.Start();
        return done.Task;
    }

    private void Run(CancellationToken stoppingToken)
    {
        try
        {
            TimeSpan retryDelay = TimeSpan.FromSeconds(1);
            while (!stoppingToken.IsCancellationRequested)
            {
                Beat();
                if (!HasDemand(_time.GetTimestamp()))
                {
                    if (_status.State == CaptureState.Failed)
                    {
                        // Nobody waits for the failing source any more: idle by design, no stale picture kept.
                        _broadcaster.ClearLatest();
                        SetStatus(CaptureState.Idle, _status.LastError);
                    }

                    WaitForWake(IdlePoll, stoppingToken);
                    continue;
                }

                if (RunSourceOnce(retryDelay, stoppingToken))
                {
                    retryDelay = TimeSpan.FromSeconds(1);
                    continue;
                }

                // A failed try (a command source may spend its whole start allowance in Open) is a round too:
                // beat before the backoff, so the watchdog sees open + backoff as two gaps, not one.
                Beat();
                WaitForWake(retryDelay, stoppingToken);
                retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        catch (Exception exception)
        {
            Log.CaptureCrashed(_logger, exception);
            SetStatus(CaptureState.Failed, exception.Message);
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

            SetStatus(CaptureState.Starting, _status.LastError, description, warning);
            Log.SourceStarting(_logger, description.Kind, description.Location, _demandReason);
            source.Open(stoppingToken);
            description = source.Description;
            bool recovered = _status.LastError is not null;
            SetStatus(CaptureState.Running, null, description, warning, started: true);
            if (recovered)
            {
                Log.SourceRecovered(_logger, description.Kind, description.Location);
            }

            Log.SourceRunning(_logger, description.Kind, description.Location, description.Width, description.Height, description.ConfiguredFramesPerSecond);
            string reason = CaptureUntilDone(source, stoppingToken);
            source.Close();
            _broadcaster.ClearLatest();
            SetStatus(CaptureState.Idle, null, source.Description, warning, stopped: true);
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

            SetStatus(CaptureState.Failed, exception.Message, description, warning, stopped: _status.State == CaptureState.Running);
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

            long now = _time.GetTimestamp();
            if (!HasDemand(now))
            {
                return $"no viewers for {_settings.Current.Streaming.IdleTimeout.TotalSeconds:0.#} s (Streaming:IdleTimeout)";
            }

            switch (source.Capture(_pool, stoppingToken, out Frame? frame, out string? dropReason))
            {
                case CaptureResult.Frame:
                    _statistics.CountCaptured();
                    _rate.Record(_time.GetTimestamp());
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

    private bool HasDemand(long now)
    {
        if (_lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Stopping: no new camera start for a late request.
            return false;
        }

        TimeSpan idleTimeout = _settings.Current.Streaming.IdleTimeout;
        return idleTimeout == TimeSpan.Zero
            || _broadcaster.ClientCount > 0
            || Volatile.Read(ref _heldDemands) > 0
            || (Interlocked.Read(ref _lastDemandAt) is long demandAt and not NoDemandYet && _time.GetElapsedTime(demandAt, now) < idleTimeout);
    }

    private void OnClientsChanged()
    {
        // The idle countdown starts when the last viewer leaves; a new viewer wakes the loop at once.
        _demandReason = "a viewer connected";
        Interlocked.Exchange(ref _lastDemandAt, _time.GetTimestamp());
        _wake.Set();
    }

    private void WaitForWake(TimeSpan timeout, CancellationToken stoppingToken)
    {
        _wake.Wait(timeout, stoppingToken);
        _wake.Reset();
    }

    private void ReleaseDemand()
    {
        Interlocked.Exchange(ref _lastDemandAt, _time.GetTimestamp());
        Interlocked.Decrement(ref _heldDemands);
    }

    private void Beat() => Interlocked.Exchange(ref _heartbeatAt, _time.GetTimestamp());

    private void SetStatus(CaptureState state, string? lastError, SourceDescription? description = null, string? warning = null, bool started = false, bool stopped = false)
    {
        lock (_statusGate)
        {
            _status = _status with
            {
                State = state,
                LastError = lastError,
                Source = description ?? _status.Source,
                Warning = warning ?? _status.Warning,
                Starts = _status.Starts + (started ? 1 : 0),
                Stops = _status.Stops + (stopped ? 1 : 0),
                StateSince = _status.State == state ? _status.StateSince : _time.GetUtcNow(),
            };
        }
    }

    private sealed class DemandHold(CaptureService owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.ReleaseDemand();
            }
        }
    }
}
