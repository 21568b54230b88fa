using Camstreamd.Configuration.Reload;
using Camstreamd.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Hosting.Systemd;

/// <summary>
/// READY=1 once the host started (Kestrel listens; the configuration was validated before the host was built),
/// STATUS= whenever the summary changes, STOPPING=1 when shutdown begins.
/// </summary>
internal sealed class SystemdLifetimeNotifier : IHostedService, IDisposable
{
    /// <summary>How often the status line is refreshed; systemctl status is read by humans.</summary>
    public static readonly TimeSpan StatusPeriod = TimeSpan.FromSeconds(2);

    private readonly ISystemdNotifier _notifier;
    private readonly SystemdContext? _context;
    private readonly ReloadOutcome? _reloadOutcome;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly IServiceStatusSource? _status;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SystemdLifetimeNotifier> _logger;
    private readonly Lock _gate = new();
    private readonly List<CancellationTokenRegistration> _registrations = [];
    private ITimer? _timer;
    private string? _lastStatus;
    private bool _stopping;

    public SystemdLifetimeNotifier(
        ISystemdNotifier notifier,
        IHostApplicationLifetime lifetime,
        ILogger<SystemdLifetimeNotifier> logger,
        TimeProvider? timeProvider = null,
        IServiceStatusSource? status = null,
        SystemdContext? context = null,
        ReloadOutcome? reloadOutcome = null)
    {
        _reloadOutcome = reloadOutcome;
        _context = context;
        _notifier = notifier;
        _lifetime = lifetime;
        _logger = logger;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _status = status;
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
        _timer?.Dispose();
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void OnStarted()
    {
        if (_context is { IsSocketActivated: true })
        {
            Log.SocketActivated(_logger, _context.ListenFdCount);
        }

        SendStatus();
        Send(ServiceState.Ready);
        Log.Ready(_logger, Environment.GetEnvironmentVariable(SystemdNotifier.NotifySocketVariable) ?? "");
        if (_status is not null)
        {
            _timer = _timeProvider.CreateTimer(_ => SendStatus(), null, StatusPeriod, StatusPeriod);
        }
    }

    private void OnStopping()
    {
        lock (_gate)
        {
            _stopping = true;
        }

        _timer?.Dispose();
        Send(ServiceState.Stopping);
        Send(ServiceState.Status("stopping"));
    }

    private void SendStatus()
    {
        string line = ServiceStatusLine.Compose(_status, _reloadOutcome);

        lock (_gate)
        {
            if (_stopping || line == _lastStatus)
            {
                return;
            }

            _lastStatus = line;
        }

        Send(ServiceState.Status(line));
    }

    private void Send(ServiceState state)
    {
        if (!_notifier.Notify(state))
        {
            Log.NotifyFailed(_logger, state.Message, Environment.GetEnvironmentVariable(SystemdNotifier.NotifySocketVariable) ?? "");
        }
    }
}
