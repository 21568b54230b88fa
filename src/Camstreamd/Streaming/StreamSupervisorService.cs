using Microsoft.Extensions.Hosting;

namespace Camstreamd.Streaming;

/// <summary>Runs <see cref="StreamSupervisor.Check"/> every <see cref="StreamSupervisor.Period"/>.</summary>
internal sealed class StreamSupervisorService : BackgroundService
{
    private readonly StreamSupervisor _supervisor;
    private readonly TimeProvider _time;

    public StreamSupervisorService(StreamSupervisor supervisor, TimeProvider time)
    {
        _supervisor = supervisor;
        _time = time;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(StreamSupervisor.Period, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                _supervisor.Check();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }
}
