namespace Camstreamd.Streaming;

/// <summary>
/// Wakes the writers of the viewers whose sends never block (<see cref="StreamClient.SendOnWakeThread"/>) after a
/// frame is handed out, and runs their sends on this thread: one thread wake-up per frame for all of them. Through the
/// thread pool, each viewer's frame was a hand-off to a worker, which in turn woke a second worker that found nothing
/// (strace: about 17 futex calls per frame sent; issue #12's one-viewer CPU).
/// A send here takes what the socket buffer holds now and never waits: when the buffer is full, that writer's send
/// completes later on the thread pool, so a slow viewer holds nobody up. The capture loop only sets a flag and pulses.
/// The thread ends after <see cref="IdleExit"/> without a frame and starts again with the next one.
/// </summary>
internal sealed class ViewerWakeThread
{
    private static readonly TimeSpan IdleExit = TimeSpan.FromSeconds(30);

    [ThreadStatic]
    private static bool t_isWakeThread;

    private readonly ViewerRegistry _viewers;

    // Monitor rather than Lock: the thread sleeps on it (Monitor.Wait), and Lock has no condition to wait on.
    private readonly object _gate = new();
    private bool _signalled;
    private bool _running;

    public ViewerWakeThread(ViewerRegistry viewers)
    {
        _viewers = viewers;
    }

    /// <summary>True on a wake thread: a writer that ends there moves its teardown to the thread pool.</summary>
    public static bool IsCurrentThread => t_isWakeThread;

    /// <summary>Frames were queued for viewers that send on this thread. Never blocks: a flag and a pulse.</summary>
    public void Signal()
    {
        lock (_gate)
        {
            _signalled = true;
            if (_running)
            {
                Monitor.Pulse(_gate);
                return;
            }

            _running = true;
        }

        new Thread(Run) { Name = "viewer wake", IsBackground = true }.Start();
    }

    private void Run()
    {
        t_isWakeThread = true;
        while (WaitForFrames())
        {
            foreach (StreamClient client in _viewers.Current)
            {
                client.WakeForFrames();
            }
        }
    }

    private bool WaitForFrames()
    {
        lock (_gate)
        {
            while (!_signalled)
            {
                // A Signal may take the lock between the wait's timeout and its return: then there is work after all.
                if (!Monitor.Wait(_gate, IdleExit) && !_signalled)
                {
                    // Still under the lock: a Signal after this starts a new thread.
                    _running = false;
                    return false;
                }
            }

            _signalled = false;
            return true;
        }
    }
}
