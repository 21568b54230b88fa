using System.Globalization;
using Camstreamd.Capture;
using Camstreamd.Configuration;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Configuration.Reload;

/// <summary>
/// The daemon's reload: reads and validates everything again exactly as at startup (<see cref="SettingsLoader"/>),
/// swaps the settings in <see cref="SettingsStore"/> (viewers stay connected: components read the current settings
/// when they need a value) and restarts capture only when the camera settings changed. The HTTP endpoint cannot
/// move under running viewers, so an Http change is logged as needing a restart and the rest is applied.
/// </summary>
internal sealed class SettingsReloader : IConfigurationReloader
{
    private readonly SettingsLoader _loader;
    private readonly SettingsStore _store;
    private readonly CaptureService _capture;
    private readonly ILogger<SettingsReloader> _logger;

    public SettingsReloader(SettingsLoader loader, SettingsStore store, CaptureService capture, ILogger<SettingsReloader> logger)
    {
        _loader = loader;
        _store = store;
        _capture = capture;
        _logger = logger;
    }

    public IReadOnlyList<string> WatchedFiles() =>
        File.Exists(_loader.ConfigPath) ? [Path.GetFullPath(_loader.ConfigPath)] : [];

    public bool TryReload(out string reason)
    {
        List<string> errors = new();
        CamstreamdSettings? loaded = _loader.Load(errors);
        if (loaded is null)
        {
            reason = string.Join("; ", errors);
            return false;
        }

        CamstreamdSettings current = _store.Current;
        HttpOptions http = current.Http;
        if (loaded.Http.Address != http.Address || loaded.Http.Port != http.Port)
        {
            Log.ReloadNeedsRestart(
                _logger,
                "Http",
                string.Create(CultureInfo.InvariantCulture, $"{http.Address}:{http.Port}"),
                string.Create(CultureInfo.InvariantCulture, $"{loaded.Http.Address}:{loaded.Http.Port}"));
        }

        // Every section is taken from the file but Http, whose listener cannot move without a restart.
        CamstreamdSettings next = loaded with { Http = http };
        bool cameraChanged = !current.Camera.SameAs(next.Camera);
        _store.Replace(next);
        if (cameraChanged)
        {
            Log.ReloadRestartsCapture(_logger);
            _capture.RequestRestart();
        }

        reason = "";
        return true;
    }
}
