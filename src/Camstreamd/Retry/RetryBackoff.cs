namespace Camstreamd.Retry;

/// <summary>
/// The wait between two tries of something that fails (a source, a publish target's ffmpeg, a stream
/// <c>camstreamd receive</c> reads): the first delay, doubling up to a maximum; the first again after a success.
/// </summary>
internal sealed class RetryBackoff
{
    /// <summary>The capture's wait after the first failure of its source.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);

    /// <summary>The capture's longest wait between two tries of its source.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    private readonly TimeSpan _first;
    private readonly TimeSpan _max;

    /// <summary>The capture's backoff: <see cref="FirstDelay"/> doubling up to <see cref="MaxDelay"/>.</summary>
    public RetryBackoff()
        : this(FirstDelay, MaxDelay)
    {
    }

    public RetryBackoff(TimeSpan first, TimeSpan max)
    {
        _first = first;
        _max = max;
        Delay = first;
    }

    /// <summary>The wait before the next try.</summary>
    public TimeSpan Delay { get; private set; }

    /// <summary>It worked: the next failure waits the first delay again.</summary>
    public void Reset() => Delay = _first;

    /// <summary>Another failure: the next wait doubles, up to the maximum.</summary>
    public void Increase() => Delay = TimeSpan.FromTicks(Math.Min(Delay.Ticks * 2, _max.Ticks));
}
