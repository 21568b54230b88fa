namespace Camstreamd.TestSupport;

/// <summary>
/// A clock that only moves when a test says so, for rules such as stall eviction and idle release.
/// Timers are not supported: the code under test reads timestamps, it does not schedule callbacks.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    // Not zero: code under test may use 0 as "never", as a real monotonic clock never reads 0.
    private long _ticks = TimeSpan.TicksPerHour;
    private DateTimeOffset _utcNow = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => _utcNow;

    public void Advance(TimeSpan by)
    {
        Interlocked.Add(ref _ticks, by.Ticks);
        _utcNow += by;
    }
}
