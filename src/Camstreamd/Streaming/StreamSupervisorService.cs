using Microsoft.Extensions.Hosting;

namespace Camstreamd.Streaming;

/// <summary>
/// Runs <see cref="StreamSupervisor.Check"/> while there is a viewer, each pass when the one before said the next is
/// due (about once a keepalive interval while frames flow, rather than ten times a second; issue #12).
/// With no viewer there is nothing to evict or keep alive: it sleeps until one arrives.
/// </summary>
internal sealed class StreamSupervisorService : BackgroundService
{
    /// <summary>Without viewers, the viewer count is looked at again after this long even if no arrival was signalled.</summary>
    internal static readonly TimeSpan IdleRecheck = TimeSpan.FromMinutes(1);

    private readonly StreamSupervisor _supervisor;
    private readonly FrameBroadcaster _broadcaster;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _viewerArrived = new(0, 1);
    private bool _idle;

    public StreamSupervisorService(StreamSupervisor supervisor, FrameBroadcaster broadcaster, TimeProvider time)
    {
        _supervisor = supervisor;
        _broadcaster = broadcaster;
        _time = time;
    }

    /// <summary>True while it sleeps for want of a viewer, with no timer running.</summary>
    internal bool IsIdle => Volatile.Read(ref _idle);

    public override void Dispose()
    {
        _viewerArrived.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _broadcaster.ClientsChanged += OnClientsChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (_broadcaster.ClientCount == 0)
                {
                    // A viewer added after the count was read has released the semaphore already: no arrival is missed.
                    Volatile.Write(ref _idle, true);
                    await _viewerArrived.WaitAsync(IdleRecheck, stoppingToken).ConfigureAwait(false);
                    Volatile.Write(ref _idle, false);
                    continue;
                }

                using PeriodicTimer timer = new(_supervisor.Check(), _time);
                while (_broadcaster.ClientCount > 0 && await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                {
                    // Setting the period restarts the timer from now: the next tick is that long after this pass.
                    timer.Period = _supervisor.Check();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        finally
        {
            _broadcaster.ClientsChanged -= OnClientsChanged;
        }
    }

    private void OnClientsChanged()
    {
        if (_broadcaster.ClientCount > 0 && _viewerArrived.CurrentCount == 0)
        {
            try
            {
                _viewerArrived.Release();
            }
            catch (SemaphoreFullException)
            {
                // Two arrivals at once: one wake-up is enough.
            }
            catch (ObjectDisposedException)
            {
                // Stopped already.
            }
        }
    }
}
