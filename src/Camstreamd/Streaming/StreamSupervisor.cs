using Camstreamd.Configuration;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Streaming;

/// <summary>
/// One pass over all viewers, so no viewer needs a timer of its own: evicts those whose
/// pending write made no progress for <see cref="StreamingOptions.StallTimeout"/>, and wakes those
/// that were sent nothing for <see cref="StreamingOptions.KeepaliveInterval"/> so they re-send the
/// newest frame. Each pass says when the next is due: while frames flow, that is about one keepalive interval
/// later (once a second by default), not every <see cref="MinimumPeriod"/>. Reads the injected clock, so tests
/// drive it without sleeping.
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

    /// <summary>The shortest time between two passes: the keepalive's and the eviction's resolution.</summary>
    public static TimeSpan MinimumPeriod { get; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Evicts and wakes whom it is time for; returns how long until the next pass is due: the earliest of the viewers'
    /// keepalive and stall deadlines, at least <see cref="MinimumPeriod"/>. It is never more than the smaller of the
    /// keepalive interval and the stall timeout, so a viewer that arrives or starts a write after this pass is not due
    /// before the next one.
    /// </summary>
    public TimeSpan Check()
    {
        StreamingOptions options = _settings.Current.Streaming;
        long now = _time.GetTimestamp();
        TimeSpan next = options.KeepaliveInterval < options.StallTimeout ? options.KeepaliveInterval : options.StallTimeout;
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
            else if (pending > TimeSpan.Zero)
            {
                next = Earlier(next, options.StallTimeout - pending);
            }
            else
            {
                TimeSpan quiet = _time.GetElapsedTime(client.LastSentAt, now);
                if (quiet >= options.KeepaliveInterval)
                {
                    client.RequestKeepalive();
                }
                else
                {
                    next = Earlier(next, options.KeepaliveInterval - quiet);
                }
            }
        }

        return next < MinimumPeriod ? MinimumPeriod : next;
    }

    private static TimeSpan Earlier(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
