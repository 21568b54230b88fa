namespace Camstreamd.Configuration;

/// <summary>
/// Holds the configuration in force. Components read <see cref="Current"/> when they need a value,
/// so a reload that swaps it takes effect without restarting them.
/// </summary>
public sealed class SettingsStore
{
    private CamstreamdSettings _current;

    public SettingsStore(CamstreamdSettings initial)
    {
        _current = initial;
    }

    public CamstreamdSettings Current => Volatile.Read(ref _current);

    /// <summary>Raised after <see cref="Replace"/> with the previous and the new settings.</summary>
    public event Action<CamstreamdSettings, CamstreamdSettings>? Changed;

    public void Replace(CamstreamdSettings settings)
    {
        CamstreamdSettings previous = Interlocked.Exchange(ref _current, settings);
        Changed?.Invoke(previous, settings);
    }
}
