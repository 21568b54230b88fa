using System.Diagnostics;

namespace Camstreamd.V4l2.Tests.Gpio;

/// <summary>
/// How long the daemon took to react to what the test did, as seen by looking every <see cref="Interval"/> on a
/// thread of its own: the reaction came after <see cref="NotYet"/> (the start of the last look that did not see it)
/// and by <see cref="Seen"/> (the end of the look that saw it), both from the moment just before the test acted.
/// <see cref="LongestLook"/> is what one look costs here (a sysfs read, a walk of /proc/PID/fd), so a reader can tell
/// the daemon's time from the observer's.
/// </summary>
internal readonly record struct Reaction(TimeSpan NotYet, TimeSpan Seen, TimeSpan LongestLook, int Looks)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Does <paramref name="act"/>, then looks for <paramref name="effect"/> until it holds; throws
    /// <see cref="TimeoutException"/> with <paramref name="what"/> after <paramref name="timeout"/>.
    /// </summary>
    public static Task<Reaction> MeasureAsync(Action act, Func<bool> effect, TimeSpan timeout, string what) =>
        Task.Factory.StartNew(() => Measure(act, effect, timeout, what), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public override string ToString() =>
        $"{Seen.TotalMilliseconds:0} ms (not yet at {NotYet.TotalMilliseconds:0} ms; {Looks} looks, the longest {LongestLook.TotalMilliseconds:0.0} ms)";

    private static Reaction Measure(Action act, Func<bool> effect, TimeSpan timeout, string what)
    {
        Stopwatch clock = Stopwatch.StartNew();
        act();
        TimeSpan notYet = TimeSpan.Zero;
        TimeSpan longest = TimeSpan.Zero;
        for (int looks = 1; ; looks++)
        {
            TimeSpan start = clock.Elapsed;
            bool seen = effect();
            TimeSpan end = clock.Elapsed;
            longest = end - start > longest ? end - start : longest;
            if (seen)
            {
                return new Reaction(notYet, end, longest, looks);
            }

            if (end > timeout)
            {
                throw new TimeoutException($"{what}: not seen within {timeout.TotalSeconds} s ({looks} looks)");
            }

            notYet = start;
            Thread.Sleep(Interval);
        }
    }
}
