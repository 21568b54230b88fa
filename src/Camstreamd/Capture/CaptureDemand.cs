namespace Camstreamd.Capture;

/// <summary>
/// The idle policy: whether anyone wants frames now, and the capture loop's wake-ups. A request (a viewer coming or
/// going, a snapshot) ends only the idle wait (<see cref="WaitForDemand"/>), where it may be the first demand; it
/// leaves a failing source's backoff (<see cref="WaitForRetry"/>) alone, so viewers coming and going or a client
/// polling /snapshot cannot make a broken camera be retried with no backoff. <see cref="Wake"/> ends either.
/// Frames are wanted while a viewer is connected, while a one-off request (a snapshot) holds demand, and for
/// <c>Streaming:IdleTimeout</c> after the last request or departure; with an IdleTimeout of 0, always.
/// Nobody has asked before the first viewer or request, so the camera stays closed until then.
/// </summary>
internal sealed class CaptureDemand : IDisposable
{
    private const long NoDemandYet = long.MinValue;
    private const string ViewerConnected = "a viewer connected";

    private readonly TimeProvider _time;
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly ManualResetEventSlim _demandArrived = new(false);
    private long _lastDemandAt = NoDemandYet;
    private int _held;
    private string _reason = ViewerConnected;

    public CaptureDemand(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>Why frames were last asked for, for the log line that starts the source.</summary>
    public string Reason => Volatile.Read(ref _reason);

    /// <summary>A viewer came or went: the idle countdown starts again now, and a new viewer wakes the loop at once.</summary>
    public void ViewersChanged() => Request(ViewerConnected);

    /// <summary>
    /// Holds demand while a one-off request waits for a frame (a snapshot during a slow camera start), so the
    /// idle timeout cannot release the source under it; the idle countdown starts again when it is disposed.
    /// </summary>
    public IDisposable Hold(string reason)
    {
        Interlocked.Increment(ref _held);
        Request(reason);
        return new Holding(this);
    }

    /// <summary>True while frames are wanted, given the viewers connected now and the current idle timeout.</summary>
    public bool IsWanted(int viewers, TimeSpan idleTimeout) =>
        idleTimeout == TimeSpan.Zero
        || viewers > 0
        || Volatile.Read(ref _held) > 0
        || (Interlocked.Read(ref _lastDemandAt) is long demandAt and not NoDemandYet && _time.GetElapsedTime(demandAt) < idleTimeout);

    /// <summary>Ends the loop's current wait early, idle or backoff (a restart was asked for).</summary>
    public void Wake() => _wake.Set();

    /// <summary>The idle wait: until a request, <see cref="Wake"/>, or <paramref name="timeout"/> on the injected clock.</summary>
    public void WaitForDemand(TimeSpan timeout, CancellationToken stoppingToken) => Wait(timeout, wakeOnDemand: true, stoppingToken);

    /// <summary>A failing source's backoff: until <see cref="Wake"/> or <paramref name="timeout"/> on the injected clock; requests do not end it.</summary>
    public void WaitForRetry(TimeSpan timeout, CancellationToken stoppingToken) => Wait(timeout, wakeOnDemand: false, stoppingToken);

    public void Dispose()
    {
        _wake.Dispose();
        _demandArrived.Dispose();
    }

    private void Wait(TimeSpan timeout, bool wakeOnDemand, CancellationToken stoppingToken)
    {
        // The timeout runs on the TimeProvider, so a fake clock drives the idle poll and the retry backoff. On the
        // system clock the wait's own timeout ends it: a timer would also wake the timer thread and a thread-pool
        // thread (which then spins) every idle second, three wake-ups where one does (issue #12).
        bool systemClock = _time == TimeProvider.System;
        TimeSpan waitTimeout = systemClock ? timeout : Timeout.InfiniteTimeSpan;
        using (systemClock ? null : _time.CreateTimer(static wake => ((ManualResetEventSlim)wake!).Set(), _wake, timeout, Timeout.InfiniteTimeSpan))
        {
            if (wakeOnDemand)
            {
                WaitHandle.WaitAny([_wake.WaitHandle, _demandArrived.WaitHandle, stoppingToken.WaitHandle], waitTimeout);
                stoppingToken.ThrowIfCancellationRequested();
            }
            else
            {
                _wake.Wait(waitTimeout, stoppingToken);
            }
        }

        _wake.Reset();
        // Any request so far is seen by the loop's next demand check; one after this reset ends the next idle wait.
        _demandArrived.Reset();
    }

    private void Request(string reason)
    {
        Volatile.Write(ref _reason, reason);
        Interlocked.Exchange(ref _lastDemandAt, _time.GetTimestamp());
        _demandArrived.Set();
    }

    private void Release()
    {
        Interlocked.Exchange(ref _lastDemandAt, _time.GetTimestamp());
        Interlocked.Decrement(ref _held);
    }

    private sealed class Holding(CaptureDemand owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release();
            }
        }
    }
}
