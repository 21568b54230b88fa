using Microsoft.Extensions.Time.Testing;

namespace Camstreamd.TestSupport;

/// <summary>A fake clock that also tells which timers the code under test started, so a test advances it only once the code waits.</summary>
public sealed class TimerRecordingClock : FakeTimeProvider
{
    private readonly List<TimeSpan> _dueTimes = [];
    private readonly Lock _gate = new();

    /// <summary>The due times of the timers created so far, in order.</summary>
    public IReadOnlyList<TimeSpan> DueTimes
    {
        get
        {
            lock (_gate)
            {
                return [.. _dueTimes];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            _dueTimes.Add(dueTime);
        }

        return timer;
    }
}
