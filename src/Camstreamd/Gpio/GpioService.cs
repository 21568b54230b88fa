using Camstreamd.Capture;
using Camstreamd.Configuration;
using Camstreamd.Privacy;
using Camstreamd.Publishing;
using Camstreamd.Streaming;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Gpio;

/// <summary>
/// Drives the <c>Gpio:Outputs</c> from the daemon's events (viewers joining and leaving, the capture state, privacy,
/// start and stop) and turns the privacy input into <see cref="PrivacyMode"/>. Never on the per-frame path: events
/// only wake this service's own loop, which writes a line when what it shows changes; a backstop pass each second
/// catches what has no event (publishing targets going live). A failing line is logged once and never stops
/// streaming. On stop every output is set inactive and every line released; a reload may change the lines.
/// </summary>
internal sealed class GpioService : BackgroundService
{
    /// <summary>The longest an output may lag a change without an event (the publishing targets' state).</summary>
    internal static readonly TimeSpan Backstop = TimeSpan.FromSeconds(1);

    private readonly SettingsStore _settings;
    private readonly FrameBroadcaster _broadcaster;
    private readonly CaptureService _capture;
    private readonly PublishService _publish;
    private readonly PrivacyMode _privacy;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<GpioService> _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Lock _gate = new();
    private GpioLineSet? _lines;
    private string? _openError;
    private int _reopen;
    private bool _privacyFromInput;

    public GpioService(SettingsStore settings, FrameBroadcaster broadcaster, CaptureService capture, PublishService publish, PrivacyMode privacy, IHostApplicationLifetime lifetime, ILogger<GpioService> logger)
    {
        _settings = settings;
        _broadcaster = broadcaster;
        _capture = capture;
        _publish = publish;
        _privacy = privacy;
        _lifetime = lifetime;
        _logger = logger;
    }

    /// <summary>What /state and /metrics show.</summary>
    public GpioState State
    {
        get
        {
            lock (_gate)
            {
                GpioOptions options = _settings.Current.Gpio;
                return _lines is null
                    ? new GpioState(options.IsEnabled, options.Chip, null, [], null, _openError)
                    : new GpioState(true, _lines.Chip.Path, _lines.Driver, [.. _lines.Outputs.Select(o => new GpioOutputState(o.Name, o.Offset, o.IsOn, o.IsFailing, o.Failures))], _lines.PrivacyLine, null);
            }
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Opened before the loop runs, so a privacy switch that is on is known before the first viewer arrives.
        Open(_settings.Current.Gpio);
        _broadcaster.ClientsChanged += Wake;
        _capture.StateChanged += Wake;
        _privacy.Changed += Wake;
        _settings.Changed += OnSettingsChanged;
        _lifetime.ApplicationStarted.Register(Wake);
        _lifetime.ApplicationStopping.Register(Wake);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _broadcaster.ClientsChanged -= Wake;
        _capture.StateChanged -= Wake;
        _privacy.Changed -= Wake;
        _settings.Changed -= OnSettingsChanged;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        Close("the service is stopping");
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // With no line open (GPIO off, the default) there is nothing to reconcile: sleep until a reload or the
                // stop instead of waking every second for nothing on every camera box.
                await _wake.WaitAsync(HasLines() ? Backstop : Timeout.InfiniteTimeSpan, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (Interlocked.Exchange(ref _reopen, 0) == 1)
            {
                Log.Reopening(_logger);
                Close("the configuration changed");
                Open(_settings.Current.Gpio);
            }

            Reconcile();
        }
    }

    private bool HasLines()
    {
        lock (_gate)
        {
            return _lines is not null;
        }
    }

    /// <summary>Writes each output what it should show now; only changed lines are written.</summary>
    private void Reconcile()
    {
        lock (_gate)
        {
            if (_lines is null)
            {
                return;
            }

            foreach (GpioOutputLine output in _lines.Outputs)
            {
                bool wasFailing = output.IsFailing;
                string? error = output.Write(_lines.Controller, Wanted(output.Output));
                if (error is not null && !wasFailing)
                {
                    Log.OutputFailed(_logger, output.Name, output.Offset, _lines.Chip.Path, error);
                }
                else if (error is null && wasFailing)
                {
                    Log.OutputRecovered(_logger, output.Name, output.Offset, _lines.Chip.Path);
                }
            }
        }
    }

    private bool Wanted(GpioOutput output)
    {
        CaptureState state = _capture.Status.State;
        return output switch
        {
            // Privacy means nobody is watching, whoever is connected: the tally goes off.
            GpioOutput.Watched => !_privacy.IsOn && _broadcaster.Clients.Any(client => client.Kind != ViewerKind.Publish),
            GpioOutput.Streaming => state == CaptureState.Running,
            GpioOutput.Ready => _lifetime.ApplicationStarted.IsCancellationRequested && !_lifetime.ApplicationStopping.IsCancellationRequested && state != CaptureState.Failed,
            GpioOutput.Publishing => _publish.Targets.Any(target => target.State == PublishTargetState.Publishing),
            _ => false,
        };
    }

    private void Open(GpioOptions options)
    {
        if (!options.IsEnabled)
        {
            ReleasePrivacyIfOurs("no privacy input is configured");
            return;
        }

        GpioLineSet lines;
        try
        {
            lines = GpioLineSet.Open(options, OnPrivacyInput);
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or ArgumentException or PlatformNotSupportedException or DllNotFoundException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            lock (_gate)
            {
                _openError = exception.Message;
            }

            Log.OpenFailed(_logger, options.Chip, exception.Message);
            return;
        }

        lock (_gate)
        {
            _lines = lines;
            _openError = null;
        }

        GpioLinesHeld.Set(lines.Chip.Path, [.. lines.Outputs.Select(o => o.Offset), .. lines.PrivacyLine is int p ? [p] : Array.Empty<int>()]);
        string described = string.Join(", ", lines.Outputs.Select(o => $"{o.Name} on line {o.Offset}{(o.ActiveLow ? " (active low)" : "")}"));
        if (lines.PrivacyLine is int privacyLine)
        {
            described += (described.Length > 0 ? ", " : "") + $"privacy {options.Inputs.Privacy.Mode} on line {privacyLine}";
        }

        Log.Opened(_logger, lines.Chip.ToString(), lines.Driver, described);
        if (lines.PrivacyLine is null)
        {
            ReleasePrivacyIfOurs("no privacy input is configured");
        }
    }

    private void Close(string reason)
    {
        GpioLineSet? lines;
        lock (_gate)
        {
            lines = _lines;
            _lines = null;
        }

        if (lines is null)
        {
            return;
        }

        List<string> problems = lines.Release();
        GpioLinesHeld.Clear();
        if (problems.Count > 0)
        {
            Log.ReleaseFailed(_logger, lines.Chip.Path, string.Join("; ", problems));
        }

        Log.Released(_logger, lines.Chip.Path, reason);
    }

    private void OnPrivacyInput(bool? wanted)
    {
        GpioOptions options = _settings.Current.Gpio;
        string source = $"the privacy {options.Inputs.Privacy.Mode} on {options.Chip} line {options.Inputs.Privacy.Line}";
        bool on = wanted ?? !_privacy.IsOn;
        _privacyFromInput = on;
        _privacy.Set(on, source);
    }

    private void ReleasePrivacyIfOurs(string reason)
    {
        if (_privacyFromInput)
        {
            _privacyFromInput = false;
            _privacy.Set(false, reason);
        }
    }

    private void OnSettingsChanged(CamstreamdSettings previous, CamstreamdSettings current)
    {
        if (!GpioOptionsComparer.Same(previous.Gpio, current.Gpio))
        {
            Interlocked.Exchange(ref _reopen, 1);
            Wake();
        }
    }

    private void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (Exception exception) when (exception is SemaphoreFullException or ObjectDisposedException)
        {
            // Already woken, or stopped.
        }
    }
}
