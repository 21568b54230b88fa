using Camstreamd.Interop;

namespace Camstreamd.Streaming;

/// <summary>
/// Wakes the writers of the viewers whose sends never block (<see cref="StreamClient.SendOnWakeThread"/>) after a
/// frame is handed out, and runs their sends on this thread: one thread wake-up per frame for all of them. Through the
/// thread pool, each viewer's frame was a hand-off to a worker, which in turn woke a second worker that found nothing
/// (strace: about 17 futex calls per frame sent; issue #12's one-viewer CPU).
/// A send here takes what the socket buffer holds now and never waits: when the buffer is full, that writer's send
/// completes later on the thread pool, so a slow viewer holds nobody up. The capture loop only posts to an eventfd
/// (<see cref="EventFd"/>: one write, and no lock shared with this thread, which a monitor's pulse had).
/// The thread ends after <see cref="_idleExit"/> without a frame, closing its eventfd, and starts again with the next one.
/// With at most <see cref="SendHereLimit"/> such viewers, the publishing thread runs their sends itself
/// (<see cref="WakeHere"/>): the same sends that never wait, without a second thread woken for them.
/// </summary>
internal sealed class ViewerWakeThread
{
    /// <summary>
    /// How many viewers' sends the publishing thread makes itself. A send that never waits costs the capture thread the
    /// copy into the socket (about 30 µs for a 90 KB frame here); waking this thread costs each viewer's frame two thread
    /// switches and three system calls more, most of one viewer's CPU beyond a thread-per-viewer server's (issue #12). With
    /// more viewers the copies add up, and a thread of their own overlaps them with the next capture.
    /// </summary>
    public const int SendHereLimit = 2;

    [ThreadStatic]
    private static bool t_isWakeThread;

    private readonly ViewerRegistry _viewers;
    private readonly TimeSpan _idleExit;

    // Guards _eventFd. A Signal posts to it and the thread closes it only under this lock, so a post never reaches a
    // closed (or reused) descriptor. Held by the thread only when it is about to exit.
    private readonly Lock _gate = new();
    private int _eventFd = -1;

    public ViewerWakeThread(ViewerRegistry viewers, TimeSpan? idleExit = null)
    {
        _viewers = viewers;
        _idleExit = idleExit ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>
    /// True on a thread that runs writers woken by a frame (the wake thread, or a publishing thread in <see cref="WakeHere"/>):
    /// a writer that ends there moves its teardown to the thread pool.
    /// </summary>
    public static bool IsWakingWriters => t_isWakeThread;

    /// <summary>Whether a wake thread runs now; for tests.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _eventFd >= 0;
            }
        }
    }

    /// <summary>
    /// Frames were queued for <paramref name="writers"/> viewers that send on the wake thread. A few are resumed here, on
    /// the publishing thread; more by the wake thread, woken with one write to its eventfd. Never blocks.
    /// </summary>
    public void WakeWriters(int writers)
    {
        if (writers == 0)
        {
            return;
        }

        if (writers <= SendHereLimit)
        {
            WakeHere();
        }
        else
        {
            Signal();
        }
    }

    private void Signal()
    {
        int started;
        lock (_gate)
        {
            if (_eventFd >= 0)
            {
                EventFd.Post(_eventFd);
                return;
            }

            _eventFd = started = EventFd.Create();
        }

        if (started < 0)
        {
            // No descriptor left for the eventfd: this frame's writers resume on the thread pool instead, as any other
            // writer does, and the next frame tries again.
            foreach (StreamClient client in _viewers.Current)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static viewer => viewer.WakeForFrames(), client, preferLocal: false);
            }

            return;
        }

        // The new thread's first pass takes the frames queued so far; nothing needs posting for them.
        try
        {
            new Thread(() => Run(started)) { Name = "viewer wake", IsBackground = true }.Start();
        }
        catch
        {
            // No thread to read it: a later Signal must not post to this descriptor, but make a new one.
            lock (_gate)
            {
                Libc.close(started);
                _eventFd = -1;
            }

            throw;
        }
    }

    /// <summary>
    /// The sends of a few viewers run here, on the publishing thread. Never blocks: a send takes what the socket buffer
    /// holds now, and the rest completes on the thread pool.
    /// </summary>
    private void WakeHere()
    {
        bool wasWaking = t_isWakeThread;
        t_isWakeThread = true;
        try
        {
            ResumeWriters();
        }
        finally
        {
            t_isWakeThread = wasWaking;
        }
    }

    private void Run(int eventFd)
    {
        t_isWakeThread = true;
        do
        {
            ResumeWriters();
        }
        while (WaitForFrames(eventFd));
    }

    private void ResumeWriters()
    {
        foreach (StreamClient client in _viewers.Current)
        {
            client.WakeForFrames();
        }
    }

    private bool WaitForFrames(int eventFd)
    {
        while (true)
        {
            bool readable = EventFd.Wait(eventFd, _idleExit);
            if (EventFd.TryTake(eventFd))
            {
                return true;
            }

            if (readable)
            {
                // A signal handler interrupted the wait; nothing was posted.
                continue;
            }

            lock (_gate)
            {
                // A Signal may have posted between the wait's timeout and this lock: then there is work after all.
                if (EventFd.TryTake(eventFd))
                {
                    return true;
                }

                // Still under the lock: a Signal after this starts a new thread with a new eventfd.
                Libc.close(eventFd);
                _eventFd = -1;
                return false;
            }
        }
    }
}
