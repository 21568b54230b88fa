using Camstreamd.Retry;

namespace Camstreamd.Tests.Retry;

public sealed class RetryBackoffTests
{
    [Fact]
    public void Increase_DoublesFromOneSecondUpToTheMaximum()
    {
        RetryBackoff backoff = new();
        List<double> delays = new();
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
        RetryBackoff backoff = new();
        backoff.Increase();
        backoff.Increase();

        backoff.Reset();

        Assert.Equal(RetryBackoff.FirstDelay, backoff.Delay);
    }

    [Fact]
    public void GivenFirstAndMax_DoublesFromTheFirstUpToTheMax_AndResetsToTheFirst()
    {
        RetryBackoff backoff = new(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(3));
        List<double> delays = new();
        for (int i = 0; i < 5; i++)
        {
            delays.Add(backoff.Delay.TotalSeconds);
            backoff.Increase();
        }

        backoff.Reset();

        Assert.Equal([0.5, 1, 2, 3, 3], delays);
        Assert.Equal(TimeSpan.FromSeconds(0.5), backoff.Delay);
    }
}
