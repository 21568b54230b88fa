using Camstreamd.Capture;

namespace Camstreamd.Tests.Capture;

public sealed class RetryBackoffTests
{
    [Fact]
    public void Increase_DoublesFromOneSecondUpToTheMaximum()
    {
        var backoff = new RetryBackoff();
        var delays = new List<double>();
        for (int i = 0; i < 6; i++)
        {
            delays.Add(backoff.Delay.TotalSeconds);
            backoff.Increase();
        }

        Assert.Equal([1, 2, 4, 8, 10, 10], delays);
    }

    [Fact]
    public void Reset_AfterFailures_StartsAgainAtOneSecond()
    {
        var backoff = new RetryBackoff();
        backoff.Increase();
        backoff.Increase();

        backoff.Reset();

        Assert.Equal(RetryBackoff.FirstDelay, backoff.Delay);
    }
}
