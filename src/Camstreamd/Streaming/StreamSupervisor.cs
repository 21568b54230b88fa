using Camstreamd.Configuration;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Streaming;

/// <summary>
/// One periodic pass over all viewers, so no viewer needs a timer of its own: evicts those whose
/// pending write made no progress for <see cref="StreamingOptions.StallTimeout"/>, and wakes those
/// that were sent nothing for <see cref="StreamingOptions.KeepaliveInterval"/> so they re-send the
/// newest frame. Reads the injected clock, so tests drive it without sleeping.
/// </summary>
internal sealed class StreamSupervisor
{
    private readonly FrameBroadcaster _broadcaster;
    private readonly StreamStatistics _statistics;
    private readonly TimeProvider _time;
    private readonly ILogger<StreamSupervisor> _logger;
    private readonly SettingsStore _settings;

    public StreamSupervisor(FrameBroadcaster broadcaster, StreamStatistics statistics, SettingsStore settings, TimeProvider time, ILogger<StreamSupervisor> logger)
    {
        _broadcaster = broadcaster;
        _statistics = statistics;
        _settings = settings;
        _time = time;
        _logger = logger;
    }

    /// <summary>How often <see cref="Check"/> should run: fine enough for a 1 s keepalive.</summary>
    public static TimeSpan Period { get; } = TimeSpan.FromMilliseconds(100);

    public void Check()
    {
        StreamingOptions options = _settings.Current.Streaming;
        long now = _time.GetTimestamp();
        foreach (StreamClient client in _broadcaster.Clients)
        {
            if (client.IsClosed)
            {
                // Evicted already; it leaves the list once its writer has noticed the cut connection.
                continue;
            }

            TimeSpan pending = client.PendingWriteDuration(now);
            if (pending >= options.StallTimeout)
            {
                string reason = $"no write progress for {pending.TotalSeconds:0.#} s (Streaming:StallTimeout is {options.StallTimeout.TotalSeconds:0.#} s)";
                _statistics.CountEviction();
                Log.ViewerEvicted(_logger, client.Address, reason);
                client.Close(reason, abortConnection: true);
            }
            else if (pending == TimeSpan.Zero && _time.GetElapsedTime(client.LastSentAt, now) >= options.KeepaliveInterval)
            {
                client.RequestKeepalive();
            }
        }
    }
}
