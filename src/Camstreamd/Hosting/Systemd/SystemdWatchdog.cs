using Camstreamd.Http;
using Camstreamd.Status;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Hosting.Systemd;

/// <summary>
/// Ours (Microsoft.Extensions.Hosting.Systemd has no watchdog): sends WATCHDOG=1 at half of WatchdogSec=, only while the capture is healthy (<see cref="ICaptureHeartbeat"/>)
/// and our own HTTP server answers a loopback GET /healthz. A frozen or deadlocked daemon stops pinging and
/// systemd kills and restarts it (Restart=on-failure).
/// </summary>
internal sealed class SystemdWatchdog : BackgroundService
{
    private const string HealthPath = "/healthz";

    private readonly ISystemdNotifier _notifier;
    private readonly SystemdContext _context;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly IServer _server;
    private readonly ILogger<SystemdWatchdog> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly ICaptureHeartbeat? _heartbeat;
    private bool _unhealthy;

    public SystemdWatchdog(
        ISystemdNotifier notifier,
        SystemdContext context,
        IHostApplicationLifetime lifetime,
        IServer server,
        ILogger<SystemdWatchdog> logger,
        TimeProvider? timeProvider = null,
        ICaptureHeartbeat? heartbeat = null)
    {
        _notifier = notifier;
        _context = context;
        _lifetime = lifetime;
        _server = server;
        _logger = logger;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _heartbeat = heartbeat;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_notifier.IsEnabled || _context.WatchdogInterval is not { } interval)
        {
            return;
        }

        // sd_watchdog_enabled(3) recommends pinging at half the interval.
        TimeSpan period = interval / 2;
        Log.WatchdogEnabled(_logger, interval, period);
        if (!await ApplicationStarted.WaitAsync(_lifetime, stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        // Half a ping period (5 s with WatchdogSec=20s), so a failed probe still leaves the next one in time. It follows
        // WatchdogSec= rather than being capped: on a slow machine (measured on an emulated arm64, where the first
        // probe after READY=1 took over 5 s) raising WatchdogSec= must also give the probe longer.
        TimeSpan probeTimeout = period / 2;
        using SocketsHttpHandler handler = new() { UseProxy = false, ConnectTimeout = probeTimeout, PooledConnectionLifetime = interval };
        // With Http:Certificate the probe speaks HTTPS to ourselves on loopback, where the certificate's name cannot match
        // and nothing secret is sent: any certificate will do, the probe only proves that the server answers.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using HttpClient http = new(handler) { Timeout = probeTimeout };
        using PeriodicTimer timer = new(period, _timeProvider);
        do
        {
            (bool healthy, string? reason) = await CheckAsync(http, stoppingToken).ConfigureAwait(false);

            // While stopping, the server refuses new requests by design; systemd no longer expects pings then.
            if (stoppingToken.IsCancellationRequested || _lifetime.ApplicationStopping.IsCancellationRequested)
            {
                return;
            }

            Report(healthy, reason);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private void Report(bool healthy, string reason)
    {
        if (healthy)
        {
            _notifier.TryNotify(SystemdMessages.Watchdog);
            if (_unhealthy)
            {
                _unhealthy = false;
                Log.WatchdogRecovered(_logger);
            }

            return;
        }

        if (!_unhealthy)
        {
            _unhealthy = true;
            Log.WatchdogWithheld(_logger, reason);
            _notifier.TryNotify(SystemdMessages.Status("unhealthy, watchdog withheld: " + reason));
        }
    }

    private async Task<(bool Healthy, string Reason)> CheckAsync(HttpClient http, CancellationToken stoppingToken)
    {
        string? reason = "";
        if (_heartbeat is not null && !_heartbeat.IsHealthy(out reason))
        {
            return (false, "capture: " + reason);
        }

        Uri? url = HealthUrl();
        if (url is null)
        {
            return (false, "HTTP: no loopback-reachable listen address");
        }

        try
        {
            // Any complete answer proves the server is not wedged; the capture's health is the heartbeat's job,
            // so a 503 for a camera that is being retried does not make systemd restart us in a loop.
            // Connection: close, so the probe holds no keep-alive connection that exit-on-idle would count as a client.
            using HttpRequestMessage request = new(HttpMethod.Get, url);
            request.Headers.ConnectionClose = true;
            using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, stoppingToken).ConfigureAwait(false);
            return (true, "");
        }
        catch (HttpRequestException ex)
        {
            return (false, $"HTTP: GET {url} failed: {ex.Message}");
        }
        catch (TaskCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return (false, $"HTTP: GET {url} gave no answer within {http.Timeout.TotalSeconds:0.#} s");
        }
        catch (OperationCanceledException)
        {
            return (false, "stopping");
        }
    }

    private Uri? HealthUrl()
    {
        ICollection<string>? addresses = _server.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null)
        {
            return null;
        }

        foreach (string address in addresses)
        {
            if (LoopbackUrl.For(address, HealthPath) is { } url)
            {
                return url;
            }
        }

        return null;
    }
}
