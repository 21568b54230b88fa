namespace Camstreamd.Streaming;

/// <summary>
/// Events per second over roughly the last two seconds, from monotonic timestamps. Two one-second
/// buckets: cheap enough to update on every frame, allocation-free, and steady enough to show.
/// Not thread-safe for writers; a reader on another thread sees a slightly stale value, which is fine.
/// </summary>
internal sealed class RateMeter
{
    private readonly long _bucketTicks;
    private long _bucketStart;
    private int _current;
    private int _previous;
    private long _lastEvent;

    public RateMeter(TimeProvider time)
    {
        _bucketTicks = time.TimestampFrequency;
    }

    public void Record(long timestamp)
    {
        Roll(timestamp);
        _current++;
        _lastEvent = timestamp;
    }

    /// <summary>The rate at <paramref name="now"/>: the previous full second, or the current one once it is fuller.</summary>
    public double PerSecond(long now)
    {
        long start = Volatile.Read(ref _bucketStart);
        long age = now - start;
        if (age >= 2 * _bucketTicks || _lastEvent == 0)
        {
            return 0;
        }

        if (age >= _bucketTicks)
        {
            return _current;
        }

        double fraction = (double)age / _bucketTicks;
        // Blend so a client that just connected is not shown as 0 fps for a whole second.
        return fraction <= 0 ? _previous : (_current + (_previous * (1 - fraction)));
    }

    private void Roll(long timestamp)
    {
        long elapsed = timestamp - _bucketStart;
        if (elapsed < _bucketTicks)
        {
            return;
        }

        _previous = elapsed < 2 * _bucketTicks ? _current : 0;
        _current = 0;
        Volatile.Write(ref _bucketStart, elapsed < 2 * _bucketTicks ? _bucketStart + _bucketTicks : timestamp);
    }
}
