using Camstreamd.Cli.Receive;
using Camstreamd.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Camstreamd.Tests.Cli.Receive;

/// <summary>Which frames <c>camstreamd receive</c> keeps: no keepalive repeats, and one per <c>--every</c> interval on a steady schedule.</summary>
public sealed class FrameReceiverTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Repeat_OfThePreviousFrame_IsSkipped_ByTimestampWhenKnownElseByBytes()
    {
        FrameReceiver receiver = new(every: null, _time);
        DateTimeOffset captured = DateTimeOffset.UnixEpoch.AddSeconds(1_000_000_000);

        Assert.True(Receive(receiver, [1, 2, 3], captured));
        Assert.False(Receive(receiver, [1, 2, 3], captured));
        Assert.False(Receive(receiver, [9, 9, 9], captured));
        Assert.True(Receive(receiver, [1, 2, 3], captured.AddSeconds(0.1)));
        Assert.True(Receive(receiver, [4, 5], capturedAt: null));
        Assert.False(Receive(receiver, [4, 5], capturedAt: null));
        Assert.True(Receive(receiver, [4, 6], capturedAt: null));
    }

    [Fact]
    public void Every_KeepsTheFirstFrameAndThenOnePerInterval_OnTheSchedule_AndStartsAfreshAfterAGap()
    {
        FrameReceiver receiver = new(TimeSpan.FromSeconds(10), _time);
        List<double> kept = new();
        // Frames every 3 s for a minute, then a gap of 45 s, then every 3 s again.
        double[] arrivals = [.. Enumerable.Range(0, 21).Select(i => i * 3.0), .. Enumerable.Range(0, 6).Select(i => 105 + (i * 3.0))];
        double now = 0;
        byte seed = 0;
        foreach (double arrival in arrivals)
        {
            _time.Advance(TimeSpan.FromSeconds(arrival - now));
            now = arrival;
            if (Receive(receiver, [seed++], capturedAt: null))
            {
                kept.Add(arrival);
            }
        }

        // Due at 10, 20, 30 ...: the first frame at or after each; after the gap the schedule restarts at 105.
        Assert.Equal([0, 12, 21, 30, 42, 51, 60, 105, 117], kept);
    }

    private static bool Receive(FrameReceiver receiver, byte[] bytes, DateTimeOffset? capturedAt)
    {
        FrameBuffer frame = receiver.Next;
        bytes.CopyTo(frame.Reset(bytes.Length));
        frame.CapturedAt = capturedAt;
        return receiver.Accept(frame);
    }
}
