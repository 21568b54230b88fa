namespace Camstreamd.Capture;

/// <summary>The wait between two tries of a failing source: 1 s, doubling up to <see cref="MaxDelay"/>; 1 s again after a success.</summary>
internal sealed class RetryBackoff
{
    /// <summary>The wait after the first failure.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two tries.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    /// <summary>The wait before the next try.</summary>
    public TimeSpan Delay { get; private set; } = FirstDelay;

    /// <summary>The source ran: the next failure waits <see cref="FirstDelay"/> again.</summary>
    public void Reset() => Delay = FirstDelay;

    /// <summary>Another failure: the next wait doubles, up to <see cref="MaxDelay"/>.</summary>
    public void Increase() => Delay = TimeSpan.FromTicks(Math.Min(Delay.Ticks * 2, MaxDelay.Ticks));
}
