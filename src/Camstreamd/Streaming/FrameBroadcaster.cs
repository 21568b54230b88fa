using Camstreamd.Frames;

namespace Camstreamd.Streaming;

/// <summary>
/// Fans every captured frame out to the viewers' queues and keeps the newest frame for snapshots,
/// new viewers and keepalives. The capture thread is the only publisher; it never waits for a viewer.
/// Who the viewers are and how many may come is <see cref="ViewerRegistry"/>'s; its list is copy-on-write, so
/// publishing takes no lock on the list.
/// Two feeds share the viewer list and its rules: the captured JPEGs (<see cref="Publish"/>) go to
/// MJPEG viewers, the GIF encoder's frames (<see cref="PublishGif"/>) to GIF viewers; each keeps its own newest frame.
/// </summary>
internal sealed class FrameBroadcaster
{
    /// <summary>Guards the newest frames. Held while a viewer is admitted (the registry's lock is taken inside it, never the other way).</summary>
    private readonly Lock _gate = new();
    private readonly ViewerRegistry _viewers = new();
    private readonly ViewerWakeThread _wakeThread;
    private Frame? _latest;
    private Frame? _latestGif;
    private TaskCompletionSource _nextFrame = NewSignal();

    /// <param name="wakeThreadIdleExit">How long the viewer wake thread stays without frames before it ends (30 s); shorter in tests.</param>
    public FrameBroadcaster(TimeSpan? wakeThreadIdleExit = null)
    {
        _wakeThread = new ViewerWakeThread(_viewers, wakeThreadIdleExit);
    }

    public int ClientCount => _viewers.Count;

    /// <summary>Whether the viewer wake thread runs now; for tests.</summary>
    internal bool WakeThreadRunning => _wakeThread.IsRunning;

    public IReadOnlyList<StreamClient> Clients => _viewers.Clients;

    /// <summary>Viewers of the GIF feed; the GIF encoder runs only while there are some.</summary>
    public int GifClientCount => _viewers.GifCount;

    /// <summary>Size of the newest frame in bytes, 0 when there is none.</summary>
    public int LatestLength
    {
        get
        {
            lock (_gate)
            {
                return _latest?.Length ?? 0;
            }
        }
    }

    /// <summary>Raised (outside any lock) when the viewer count changes; the capture service wakes on it.</summary>
    public event Action? ClientsChanged;

    /// <summary>
    /// Raised on the capture thread after each JPEG is published. A handler must return at once (the
    /// GIF encoder only sets its wake-up event): the capture loop never waits for anyone.
    /// </summary>
    public event Action? JpegPublished;

    /// <summary>
    /// Adds a viewer and gives it the newest frame at once, so it sees a picture without waiting. Refused when
    /// <paramref name="maxClients"/> viewers are there already; publishing targets do not count (<see cref="ViewerKind.Publish"/>).
    /// </summary>
    public bool TryAdd(StreamClient client, int maxClients) => TryAdd(client, maxClients, int.MaxValue, out _);

    /// <summary>
    /// As <see cref="TryAdd(StreamClient, int)"/>, also refused when <paramref name="maxPerAddress"/> viewers come from the
    /// client's IP address already (<paramref name="addressFull"/> is then true). Both are counted under one lock, so
    /// viewers arriving together cannot overshoot either limit.
    /// </summary>
    public bool TryAdd(StreamClient client, int maxClients, int maxPerAddress, out bool addressFull)
    {
        Frame? newest;
        lock (_gate)
        {
            // Admitted and given the newest frame in one step: a Publish cannot replace the newest frame in between.
            if (!_viewers.TryAdd(client, maxClients, maxPerAddress, out addressFull))
            {
                return false;
            }

            newest = client.Feed == FrameFeed.Gif ? _latestGif : _latest;
            newest?.AddRef();
        }

        if (newest is not null)
        {
            client.Enqueue(newest);
        }

        ClientsChanged?.Invoke();
        return true;
    }

    public void Remove(StreamClient client)
    {
        if (!_viewers.Remove(client))
        {
            return;
        }

        client.Detach();
        ClientsChanged?.Invoke();
    }

    /// <summary>
    /// Hands a frame to every viewer. Takes over the caller's reference, which becomes "the newest frame".
    /// The frame is wrapped as a multipart part: <see cref="Frame.Enveloped"/> is what a viewer is sent.
    /// </summary>
    public void Publish(Frame frame)
    {
        // The part header and the next boundary go around the JPEG once here, not once per viewer.
        Span<byte> header = stackalloc byte[MultipartFormat.MaxPartHeaderLength];
        int headerLength = MultipartFormat.WritePartHeader(header, frame.Length, frame.UnixTimeMicroseconds);
        frame.SetEnvelope(header[..headerLength], MultipartFormat.PartTrailer);

        HandOut(frame, FrameFeed.Jpeg);

        Frame? previous;
        TaskCompletionSource waiting;
        lock (_gate)
        {
            previous = _latest;
            _latest = frame;
            waiting = _nextFrame;
        }

        previous?.Release();
        if (waiting.Task.IsCompleted is false)
        {
            // Only snapshot waiters use this; it is replaced when they next ask, not per frame.
            waiting.TrySetResult();
        }

        JpegPublished?.Invoke();
    }

    /// <summary>
    /// Hands a GIF frame block to every GIF viewer. Takes over the caller's reference, which becomes the
    /// newest GIF frame (for new GIF viewers and keepalives). The frame goes out as it is: no envelope.
    /// </summary>
    public void PublishGif(Frame frame)
    {
        HandOut(frame, FrameFeed.Gif);
        Frame? previous;
        lock (_gate)
        {
            previous = _latestGif;
            _latestGif = frame;
        }

        previous?.Release();
    }

    /// <summary>Forgets the newest GIF frame (the encoder stopped: it would be stale for the next GIF viewer).</summary>
    public void ClearLatestGif()
    {
        Frame? previous;
        lock (_gate)
        {
            previous = _latestGif;
            _latestGif = null;
        }

        previous?.Release();
    }

    /// <summary>The newest frame of <paramref name="feed"/> with one reference owned by the caller, or null.</summary>
    public Frame? AcquireLatest(FrameFeed feed)
    {
        lock (_gate)
        {
            Frame? latest = feed == FrameFeed.Gif ? _latestGif : _latest;
            latest?.AddRef();
            return latest;
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for a frame newer than <paramref name="afterSequence"/>
    /// (0: any frame). Returns it with one reference owned by the caller, or null on timeout.
    /// </summary>
    public async Task<Frame?> WaitForFrameAsync(long afterSequence, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        long deadline = time.GetTimestamp() + (long)(timeout.TotalSeconds * time.TimestampFrequency);
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                if (_latest is not null && _latest.Sequence > afterSequence)
                {
                    _latest.AddRef();
                    return _latest;
                }

                if (_nextFrame.Task.IsCompleted)
                {
                    _nextFrame = NewSignal();
                }

                signal = _nextFrame.Task;
            }

            TimeSpan left = time.GetElapsedTime(time.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            try
            {
                await signal.WaitAsync(left, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return null;
            }
        }
    }

    /// <summary>Forgets the newest frames of both feeds, e.g. when the source stops, so nobody is served a stale picture later.</summary>
    public void ClearLatest()
    {
        Frame? previous;
        Frame? previousGif;
        lock (_gate)
        {
            previous = _latest;
            previousGif = _latestGif;
            _latest = null;
            _latestGif = null;
        }

        previous?.Release();
        previousGif?.Release();
    }

    /// <summary>True once <see cref="CloseAll"/> ran: no viewer is admitted any more.</summary>
    public bool IsClosed => _viewers.IsClosed;

    /// <summary>Closes every viewer and admits no new one (shutdown): their streams end cleanly and queued frames are released.</summary>
    public void CloseAll(string reason) => _viewers.CloseAll(reason);

    /// <summary>Closes the viewers of one feed (its producer cannot run); the other feed's viewers stay.</summary>
    public void CloseFeed(FrameFeed feed, string reason) => _viewers.CloseFeed(feed, reason);

    private void HandOut(Frame frame, FrameFeed feed)
    {
        int forWakeThread = 0;
        foreach (StreamClient client in _viewers.Current)
        {
            if (client.Feed == feed)
            {
                frame.AddRef();
                forWakeThread += client.EnqueueForWakeThread(frame) ? 1 : 0;
            }
        }

        _wakeThread.WakeWriters(forWakeThread);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
