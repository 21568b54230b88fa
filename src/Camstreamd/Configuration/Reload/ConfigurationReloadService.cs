using System.Runtime.InteropServices;
using Camstreamd.Hosting.Systemd;
using Camstreamd.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Configuration.Reload;

/// <summary>
/// Ours (Microsoft.Extensions.Hosting.Systemd has no reload): re-reads the configuration on SIGHUP
/// (<c>systemctl reload</c>, ExecReload=kill -HUP $MAINPID) and when a configuration file changes. Tells
/// systemd RELOADING=1 … READY=1 around it; a configuration that does not
/// parse or validate is rejected with the reason in the journal and the running one stays.
/// </summary>
internal sealed class ConfigurationReloadService : IHostedService, IDisposable
{
    // Editors write a file in several steps (truncate, write, rename); wait for them to settle.
    private static readonly TimeSpan FileSettleDelay = TimeSpan.FromMilliseconds(500);

    private readonly ISystemdNotifier _notifier;
    private readonly IConfigurationReloader _reloader;
    private readonly ReloadOutcome _outcome;
    private readonly SystemdStatusNotifier _statusNotifier;
    private readonly ILogger<ConfigurationReloadService> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private PosixSignalRegistration? _sighup;
    private ConfigFileWatcher? _watcher;
    private ITimer? _settleTimer;
    private CancellationTokenSource? _stopping;

    public ConfigurationReloadService(
        ISystemdNotifier notifier,
        IConfigurationReloader reloader,
        ILogger<ConfigurationReloadService> logger,
        ReloadOutcome outcome,
        SystemdStatusNotifier statusNotifier,
        TimeProvider? timeProvider = null)
    {
        _outcome = outcome;
        _statusNotifier = statusNotifier;
        _notifier = notifier;
        _reloader = reloader;
        _logger = logger;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Raised after each reload with whether it was accepted; for tests and diagnostics.</summary>
    public event Action<bool>? Reloaded;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            // Without this the runtime would apply SIGHUP's default action: terminate.
            context.Cancel = true;
            _ = ReloadAsync("SIGHUP");
        });
        _settleTimer = _timeProvider.CreateTimer(_ => _ = ReloadAsync("configuration file changed"), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        IReadOnlyList<string> files = _reloader.WatchedFiles();
        _watcher = ConfigFileWatcher.TryStart(files, OnFileChanged, out string? failure);
        if (failure is not null)
        {
            Log.FileNotWatched(_logger, string.Join(", ", files), failure);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping?.Cancel();
        DisposeTriggers();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        DisposeTriggers();
        _stopping?.Dispose();
        _reloadGate.Dispose();
    }

    /// <summary>Runs one reload; concurrent requests queue behind it. Returns whether the new configuration was accepted.</summary>
    public async Task<bool> ReloadAsync(string trigger)
    {
        CancellationToken stopping = _stopping?.Token ?? CancellationToken.None;
        try
        {
            // Bounded: a reload that takes longer than this is stuck, and the next request should not pile up forever.
            if (!await _reloadGate.WaitAsync(TimeSpan.FromSeconds(30), stopping).ConfigureAwait(false))
            {
                return false;
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        try
        {
            Log.ReloadRequested(_logger, trigger);
            _notifier.TryNotify(SystemdMessages.Reloading());
            bool accepted = _reloader.TryReload(out string? reason);
            if (accepted)
            {
                Log.ReloadApplied(_logger);
            }
            else
            {
                Log.ReloadRejected(_logger, reason);
            }

            // READY=1 ends the reload either way: the daemon keeps serving with whichever configuration runs.
            _notifier.TryNotify(ServiceState.Ready);
            _outcome.Rejection = accepted ? null : reason;
            _statusNotifier.Refresh();
            Reloaded?.Invoke(accepted);
            return accepted;
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    private void OnFileChanged() =>
        _settleTimer?.Change(FileSettleDelay, Timeout.InfiniteTimeSpan);

    private void DisposeTriggers()
    {
        _sighup?.Dispose();
        _sighup = null;
        _watcher?.Dispose();
        _watcher = null;
        _settleTimer?.Dispose();
        _settleTimer = null;
    }
}
