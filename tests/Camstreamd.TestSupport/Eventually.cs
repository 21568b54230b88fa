namespace Camstreamd.TestSupport;

/// <summary>Polls a condition that the system under test reaches asynchronously, with a deadline.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, Func<string> describeFailure)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not reached within {timeout.TotalSeconds} s: {describeFailure()}");
            }

            await Task.Delay(50);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describeFailure)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not reached within {timeout.TotalSeconds} s: {describeFailure()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// The result of <paramref name="attempt"/>, retried while it throws <typeparamref name="TException"/> (a connection
    /// refused until the server listens) and until <paramref name="timeout"/>; after that the exception propagates.
    /// </summary>
    public static async Task<T> SucceedsAsync<T, TException>(Func<Task<T>> attempt, TimeSpan timeout)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(attempt);
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (TException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
