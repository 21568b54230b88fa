using Camstreamd.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Hosting.Systemd;

/// <summary>
/// Ours: the STATUS= line shown by <c>systemctl status</c>, which the library does not compose. Sent once the host
/// started and whenever the summary changes; "stopping" when shutdown begins. READY=1 and STOPPING=1 themselves
/// come from the library's <see cref="SystemdLifetime"/>: its ApplicationStarted callback was registered before
/// ours, and callbacks run last-registered first, so the first STATUS= line reaches systemd just before READY=1.
/// </summary>
internal sealed class SystemdStatusNotifier : IHostedService, IDisposable
{
    /// <summary>
    /// How often the status line is refreshed while the camera is in use (the frame rate moves); systemctl status is
    /// read by humans. While idle the line only changes with an event (a viewer, a capture state), which sends it at
    /// once, so the timer sleeps: an idle camera box wakes for nothing (issue #12).
    /// </summary>
    public static readonly TimeSpan StatusPeriod = TimeSpan.FromSeconds(2);

    private readonly ISystemdNotifier _notifier;
    private readonly SystemdContext _context;
    private readonly ReloadOutcome? _reloadOutcome;
    private readonly PassedSockets? _passedSockets;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly IServiceStatusSource? _status;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SystemdStatusNotifier> _logger;
    private readonly Lock _gate = new();
    private readonly List<CancellationTokenRegistration> _registrations = [];
    private ITimer? _timer;
    private string? _lastStatus;
    private bool _stopping;

    public SystemdStatusNotifier(
        ISystemdNotifier notifier,
        SystemdContext context,
        IHostApplicationLifetime lifetime,
        ILogger<SystemdStatusNotifier> logger,
        TimeProvider? timeProvider = null,
        IServiceStatusSource? status = null,
        ReloadOutcome? reloadOutcome = null,
        PassedSockets? passedSockets = null)
    {
        _passedSockets = passedSockets;
        _notifier = notifier;
        _context = context;
        _lifetime = lifetime;
        _logger = logger;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _status = status;
        _reloadOutcome = reloadOutcome;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_notifier.IsEnabled)
        {
            _registrations.Add(_lifetime.ApplicationStarted.Register(OnStarted));
            _registrations.Add(_lifetime.ApplicationStopping.Register(OnStopping));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (_status is not null)
        {
            _status.Changed -= OnStatusChanged;
        }

        _timer?.Dispose();
        foreach (CancellationTokenRegistration registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void OnStarted()
    {
        if (_passedSockets is { Http.Count: > 0 })
        {
            Log.SocketActivated(_logger, _passedSockets.Http.Count);
        }

        SendStatus();
        Log.Ready(_logger, _context.NotifySocket ?? "");
        if (_status is not null)
        {
            _timer = _timeProvider.CreateTimer(_ => OnStatusChanged(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _status.Changed += OnStatusChanged;
            ArmTimer();
        }
    }

    // Also each tick: it puts the timer to sleep once the source went idle, whatever order two events came in.
    private void OnStatusChanged()
    {
        SendStatus();
        ArmTimer();
    }

    /// <summary>Every <see cref="StatusPeriod"/> while the source is in use; not at all while it is idle or private.</summary>
    private void ArmTimer()
    {
        bool streaming;
        try
        {
            streaming = _status!.GetStatus().Streaming;
        }
        catch (InvalidOperationException)
        {
            // A transient state: keep refreshing until it settles.
            streaming = true;
        }

        lock (_gate)
        {
            if (!_stopping)
            {
                _timer?.Change(streaming ? StatusPeriod : Timeout.InfiniteTimeSpan, streaming ? StatusPeriod : Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>
    /// Sends the status line now, changed or not: a reload just ended with READY=1, and the line that follows says
    /// whether it was accepted. Nothing once stopping.
    /// </summary>
    public void Refresh()
    {
        if (_notifier.IsEnabled)
        {
            SendStatus(force: true);
        }
    }

    private void OnStopping()
    {
        lock (_gate)
        {
            _stopping = true;
        }

        if (_status is not null)
        {
            _status.Changed -= OnStatusChanged;
        }

        _timer?.Dispose();
        Send(SystemdMessages.Status("stopping"));
    }

    private void SendStatus(bool force = false)
    {
        string line = ServiceStatusLine.Compose(_status, _reloadOutcome);

        lock (_gate)
        {
            if (_stopping || (line == _lastStatus && !force))
            {
                return;
            }

            _lastStatus = line;
        }

        Send(SystemdMessages.Status(line));
    }

    private void Send(ServiceState state)
    {
        if (!_notifier.TryNotify(state))
        {
            Log.NotifyFailed(_logger, state.ToString(), _context.NotifySocket ?? "");
        }
    }
}
