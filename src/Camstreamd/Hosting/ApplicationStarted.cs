using Microsoft.Extensions.Hosting;

namespace Camstreamd.Hosting;

/// <summary>Waiting for the host to have started (Kestrel listening), for services that must not act before.</summary>
internal static class ApplicationStarted
{
    /// <summary>True once <see cref="IHostApplicationLifetime.ApplicationStarted"/> fired; false when <paramref name="stoppingToken"/> ended the wait first.</summary>
    public static async Task<bool> WaitAsync(IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        using CancellationTokenRegistration onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using CancellationTokenRegistration onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
