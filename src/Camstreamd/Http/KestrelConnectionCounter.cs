using System.Diagnostics.Metrics;

namespace Camstreamd.Http;

/// <summary>
/// Open HTTP connections, from Kestrel's own <c>kestrel.active_connections</c> metric. Exit-on-idle needs it:
/// the connection that woke a socket-activated daemon is accepted at once but, on a slow cold start, its
/// request may take seconds to reach the code that would count it as a viewer or a snapshot.
/// </summary>
internal sealed class KestrelConnectionCounter : IDisposable
{
    // https://learn.microsoft.com/aspnet/core/log-mon/metrics/built-in (Microsoft.AspNetCore.Server.Kestrel).
    private const string MeterName = "Microsoft.AspNetCore.Server.Kestrel";
    private const string InstrumentName = "kestrel.active_connections";

    private readonly MeterListener _listener = new();
    private long _active;

    /// <param name="meterFactory">This host's factory: Kestrel's meter carries it as its scope, so another host in
    /// the same process (as in tests) is not counted.</param>
    public KestrelConnectionCounter(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && instrument.Name == InstrumentName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, delta, _, _) => Interlocked.Add(ref _active, delta));
        _listener.Start();
    }

    /// <summary>Connections accepted and not yet closed.</summary>
    public long Active => Interlocked.Read(ref _active);

    public void Dispose() => _listener.Dispose();
}
