using Camstreamd.Interop;

namespace Camstreamd.Sources.TestPattern;

/// <summary>
/// Paces a synthetic source by absolute deadlines: frame n is due at start + n × period, so the rate
/// does not drift by the time each frame takes to make. A source that fell more than one period behind
/// (a paused process, a slow disk) starts a new schedule instead of bursting to catch up.
/// Used by the test pattern and the folder source; one capture thread, not thread-safe.
/// </summary>
internal sealed class FramePacer
{
    /// <summary>
    /// The longest wait that sleeps rather than waits on the cancellation: a frame interval at 20 fps and above. Waiting
    /// on the cancellation's wait handle cost a lock, a condition variable and futex calls every frame (issue #12); a
    /// sleep is one system call, and a stop is noticed at its end.
    /// </summary>
    internal static readonly TimeSpan LongestSleep = TimeSpan.FromMilliseconds(50);

    private readonly TimeProvider _time;
    private readonly long _periodTicks;
    private long _start;
    private long _index;

    public FramePacer(TimeProvider time, double framesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(framesPerSecond);
        _time = time;
        _periodTicks = Math.Max(1, (long)Math.Round(time.TimestampFrequency / framesPerSecond));
        Restart();
    }

    /// <summary>The frame interval.</summary>
    public TimeSpan Period => TimeSpan.FromSeconds((double)_periodTicks / _time.TimestampFrequency);

    /// <summary>How often the schedule was abandoned because the source fell behind.</summary>
    public long Resyncs { get; private set; }

    /// <summary>Makes the next frame due now.</summary>
    public void Restart()
    {
        _start = _time.GetTimestamp();
        _index = 0;
    }

    /// <summary>
    /// Waits until the next frame is due, at most <paramref name="maxWait"/>. True when it is due (call
    /// <see cref="Advance"/> once the frame is delivered); false when the wait ran out or was cancelled.
    /// </summary>
    public bool WaitUntilDue(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        long now = _time.GetTimestamp();
        long due = _start + (_index * _periodTicks);
        if (now - due > _periodTicks)
        {
            // Late by more than a frame: resynchronise rather than send the missed frames back to back.
            _start = now;
            _index = 0;
            Resyncs++;
            return true;
        }

        return WaitUntil(due, maxWait, cancellationToken);
    }

    /// <summary>
    /// Waits until the timestamp <paramref name="due"/> of this pacer's clock, at most <paramref name="maxWait"/>.
    /// True when it has come; false when the wait ran out first or was cancelled.
    /// </summary>
    public bool WaitUntil(long due, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        long now = _time.GetTimestamp();
        if (now >= due)
        {
            return true;
        }

        TimeSpan remaining = TimeSpan.FromSeconds((double)(due - now) / _time.TimestampFrequency);
        if (remaining <= LongestSleep && remaining <= maxWait)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            Sleep(remaining);
            if (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
        else
        {
            // Round up to whole milliseconds (WaitOne's resolution) so the wait does not end just short of the deadline.
            int waitMs = (int)Math.Min(Math.Ceiling(remaining.TotalMilliseconds), Math.Max(0, maxWait.TotalMilliseconds));
            if (cancellationToken.WaitHandle.WaitOne(waitMs))
            {
                return false;
            }
        }

        // One bounded wait, then an answer: a clock that did not reach the deadline means "not yet".
        return _time.GetTimestamp() >= due;
    }

    /// <summary>Moves the schedule to the next frame.</summary>
    public void Advance() => _index++;

    /// <summary>
    /// Sleeps for <paramref name="duration"/> in one clock_nanosleep (Thread.Sleep waits on the thread's own condition
    /// variable, so it can be interrupted); a signal handler that ran meanwhile does not cut it short.
    /// </summary>
    private static void Sleep(TimeSpan duration)
    {
        Timespec request = Timespec.FromTicks(duration.Ticks);
        while (Libc.clock_nanosleep(Libc.CLOCK_MONOTONIC, 0, request, out Timespec remaining) == Errno.EINTR)
        {
            request = remaining;
        }
    }
}
