using Camstreamd.Hosting;
using Microsoft.Extensions.Hosting;

namespace Camstreamd.Streaming;

/// <summary>
/// Runs <see cref="StreamSupervisor.Check"/> while there is a viewer, each pass when the one before said the next is
/// due (about once a keepalive interval while frames flow, rather than ten times a second; issue #12).
/// The passes run on a thread of their own that sleeps in between. A .NET timer's tick woke the timer thread, then a
/// thread-pool thread, then the pool's gate thread: about 0.4 ms of CPU a second, a twentieth of what one viewer costs
/// (issue #12, measured with the keepalive pass ten times rarer).
/// With no viewer there is nothing to evict or keep alive: it sleeps until one arrives.
/// </summary>
internal sealed class StreamSupervisorService : BackgroundService
{
    /// <summary>Without viewers, the viewer count is looked at again after this long even if no arrival was signalled.</summary>
    internal static readonly TimeSpan IdleRecheck = TimeSpan.FromMinutes(1);

    private readonly StreamSupervisor _supervisor;
    private readonly FrameBroadcaster _broadcaster;
    private readonly TimeProvider _time;

    // Set when a viewer comes or goes, by the stop and, on a fake clock, by its timer. Nothing sets it within microseconds of
    // the wait, so the wait does not spin first. Never disposed: it holds no kernel handle (nothing reads its WaitHandle),
    // and when the host fails to start it is disposed while this thread may still be waking from the event.
    private readonly ManualResetEventSlim _wake = new(initialState: false, spinCount: 0);
    private bool _idle;

    public StreamSupervisorService(StreamSupervisor supervisor, FrameBroadcaster broadcaster, TimeProvider time)
    {
        _supervisor = supervisor;
        _broadcaster = broadcaster;
        _time = time;
    }

    /// <summary>True while it sleeps for want of a viewer, with no timer running.</summary>
    internal bool IsIdle => Volatile.Read(ref _idle);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        DedicatedThread.Start("stream supervisor", () => Run(stoppingToken));

    private void Run(CancellationToken stoppingToken)
    {
        _broadcaster.ClientsChanged += OnClientsChanged;
        using CancellationTokenRegistration stopping = stoppingToken.Register(static wake => ((ManualResetEventSlim)wake!).Set(), _wake);
        ITimer? fakeClockTimer = null;
        try
        {
            while (true)
            {
                // Reset before the stop and the viewer count are read: a stop or an arrival after this sets it again.
                _wake.Reset();
                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }

                if (_broadcaster.ClientCount == 0)
                {
                    fakeClockTimer?.Dispose();
                    fakeClockTimer = null;
                    Volatile.Write(ref _idle, true);
                    _wake.Wait(IdleRecheck);
                    Volatile.Write(ref _idle, false);
                    continue;
                }

                TimeSpan next = _supervisor.Check();
                if (_time == TimeProvider.System)
                {
                    _wake.Wait(next);
                    continue;
                }

                // A fake clock (tests) times the passes with its own timer: one while there are viewers, moved each pass.
                if (fakeClockTimer is null)
                {
                    fakeClockTimer = _time.CreateTimer(static wake => ((ManualResetEventSlim)wake!).Set(), _wake, next, Timeout.InfiniteTimeSpan);
                }
                else
                {
                    fakeClockTimer.Change(next, Timeout.InfiniteTimeSpan);
                }

                _wake.Wait(IdleRecheck);
            }
        }
        finally
        {
            fakeClockTimer?.Dispose();
            _broadcaster.ClientsChanged -= OnClientsChanged;
        }
    }

    /// <summary>
    /// A viewer came or left: the thread looks at once. For the first viewer that starts the passes, and after the last
    /// one it sleeps without a timer at once. Otherwise it is one pass earlier than due, which does no harm; arrivals are
    /// not worth a handshake that would tell those apart.
    /// </summary>
    private void OnClientsChanged() => _wake.Set();
}
