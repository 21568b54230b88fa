using Camstreamd.Configuration;
using Camstreamd.Hosting.Systemd;
using Camstreamd.Http;
using Camstreamd.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Hosting;

/// <summary>
/// Ours (Microsoft.Extensions.Hosting.Systemd has no socket activation, so no exit-on-idle either).
/// Streaming:ExitWhenIdle under socket activation: once the source went idle (the core stops it IdleTimeout
/// after the last viewer or snapshot) and nobody watches, stop the host so the process exits 0; the .socket
/// unit keeps listening and starts us again on the next connection.
/// </summary>
internal sealed class ExitWhenIdleService : BackgroundService
{
    /// <summary>How often the viewer count is looked at.</summary>
    public static readonly TimeSpan CheckPeriod = TimeSpan.FromSeconds(1);

    private readonly SystemdContext _context;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly SettingsStore _settings;
    private readonly ILogger<ExitWhenIdleService> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly IServiceStatusSource? _status;
    private readonly KestrelConnectionCounter _connections;

    public ExitWhenIdleService(
        SystemdContext context,
        IHostApplicationLifetime lifetime,
        SettingsStore settings,
        ILogger<ExitWhenIdleService> logger,
        KestrelConnectionCounter connections,
        TimeProvider? timeProvider = null,
        IServiceStatusSource? status = null)
    {
        _connections = connections;
        _context = context;
        _lifetime = lifetime;
        _settings = settings;
        _logger = logger;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _status = status;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        StreamingOptions options = _settings.Current.Streaming;
        if (!options.ExitWhenIdle)
        {
            return;
        }

        string? ignored = !_context.IsSocketActivated ? "not started by a socket unit (nothing would start us again)"
            : options.IdleTimeout <= TimeSpan.Zero ? "Streaming:IdleTimeout is 0 (always on)"
            : _status is null ? "no viewer count is available"
            : null;
        if (ignored is not null)
        {
            Log.ExitWhenIdleIgnored(_logger, ignored);
            return;
        }

        if (!await ApplicationStarted.WaitAsync(_lifetime, stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        // The idle clock starts once we serve, not when the (slow, cold) process started.
        long lastBusy = _timeProvider.GetTimestamp();
        bool busySeen = false;
        using PeriodicTimer timer = new(CheckPeriod, _timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            // Read each round: a reload may change IdleTimeout or turn ExitWhenIdle off.
            options = _settings.Current.Streaming;
            if (!options.ExitWhenIdle || options.IdleTimeout <= TimeSpan.Zero)
            {
                // Off for now: no countdown, and nothing learned about the source (turned on again, the full
                // IdleTimeout applies unless the source is then seen running).
                lastBusy = _timeProvider.GetTimestamp();
                continue;
            }

            ServiceStatus status = _status!.GetStatus();
            if (status.Viewers > 0 || status.Streaming)
            {
                busySeen = true;
                lastBusy = _timeProvider.GetTimestamp();
                continue;
            }

            // An open connection (a request on its way, a keep-alive client) postpones the exit but is not proof
            // that the source ran, so it does not shorten the wait.
            if (_connections.Active > 0)
            {
                lastBusy = _timeProvider.GetTimestamp();
                continue;
            }

            // The core releases the source only after IdleTimeout without viewers or snapshots, so once we saw it
            // busy, "idle and no connection" for one more round means exit. Before anyone came, wait IdleTimeout.
            TimeSpan quiet = _timeProvider.GetElapsedTime(lastBusy);
            if ((busySeen && quiet >= CheckPeriod) || quiet >= options.IdleTimeout)
            {
                Log.ExitingWhenIdle(_logger, options.IdleTimeout);
                _lifetime.StopApplication();
                return;
            }
        }
    }
}
