using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks.Sources;
using Camstreamd.Frames;

namespace Camstreamd.Streaming;

/// <summary>
/// One viewer of a stream (MJPEG or GIF): a small bounded queue that keeps the newest frames, plus the
/// numbers /state shows. The capture thread enqueues; one writer task dequeues. The producer never
/// waits: a full queue drops (and releases) its oldest frame. The writer's wait is an
/// allocation-free <see cref="IValueTaskSource{TResult}"/>, woken by a frame, a keepalive tick or eviction: on the
/// thread pool, or for a frame on the <see cref="ViewerWakeThread"/> when the writer asked for it.
/// </summary>
internal sealed class StreamClient : IValueTaskSource<bool>
{
    private readonly Lock _gate = new();
    private readonly FrameRing _ring;
    private readonly TimeProvider _time;
    private readonly RateMeter _rate;
    private ManualResetValueTaskSourceCore<bool> _signal = new() { RunContinuationsAsynchronously = true };
    private bool _waiting;
    private bool _pending;
    private bool _closed;
    private volatile bool _sendsOnWakeThread;
    private long _sent;
    private long _dropped;
    private long _bytes;
    private long _writeStartedAt;
    private long _lastSentAt;
    private Action? _abort;

    public StreamClient(long id, string address, string kind, int capacity, double? fpsLimit, TimeProvider time)
    {
        Id = id;
        Address = address;
        Kind = kind;
        Feed = kind == ViewerKind.Gif ? FrameFeed.Gif : FrameFeed.Jpeg;
        FpsLimit = fpsLimit;
        _ring = new FrameRing(capacity);
        _time = time;
        _rate = new RateMeter(time);
        ConnectedSince = time.GetUtcNow();
        _lastSentAt = time.GetTimestamp();
    }

    public long Id { get; }

    public string Address { get; }

    /// <summary>What this viewer receives (<see cref="ViewerKind"/>), for /state and the logs.</summary>
    public string Kind { get; }

    /// <summary>Which frames this viewer is handed: the JPEGs, or the GIF encoder's frames.</summary>
    public FrameFeed Feed { get; }

    public double? FpsLimit { get; }

    public DateTimeOffset ConnectedSince { get; }

    public long Sent => Interlocked.Read(ref _sent);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long BytesSent => Interlocked.Read(ref _bytes);

    public int Queued
    {
        get
        {
            lock (_gate)
            {
                return _ring.Count;
            }
        }
    }

    /// <summary>Why the client was closed by the server (eviction, shutdown), or null.</summary>
    public string? CloseReason { get; private set; }

    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    public double FramesPerSecond => _rate.PerSecond(_time.GetTimestamp());

    /// <summary>Monotonic time of the last completed write, for keepalive.</summary>
    public long LastSentAt => Interlocked.Read(ref _lastSentAt);

    /// <summary>Called once by the HTTP layer: how to cut the connection when the client is evicted.</summary>
    public void OnAbort(Action abort) => _abort = abort;

    /// <summary>Takes over one reference of <paramref name="frame"/> and wakes the writer. Never blocks.</summary>
    public void Enqueue(Frame frame)
    {
        Put(frame);
        Wake();
    }

    /// <summary>
    /// As <see cref="Enqueue"/>, for the broadcaster's hand-out of a frame: a writer that sends on the
    /// <see cref="ViewerWakeThread"/> is left for that thread to wake (true: signal it); any other is woken here.
    /// </summary>
    public bool EnqueueForWakeThread(Frame frame)
    {
        Put(frame);
        if (_sendsOnWakeThread)
        {
            return true;
        }

        Wake();
        return false;
    }

    /// <summary>
    /// Called by a writer whose sends never block (a socket, Kestrel's pipe): from now on a new frame resumes it on the
    /// <see cref="ViewerWakeThread"/>, inline, instead of through the thread pool. Other wakes (keepalive, close) still
    /// go through the pool.
    /// </summary>
    public void SendOnWakeThread() => _sendsOnWakeThread = true;

    /// <summary>On the <see cref="ViewerWakeThread"/>: resumes the writer on this thread if it waits and has a frame.</summary>
    public void WakeForFrames()
    {
        if (!_sendsOnWakeThread)
        {
            return;
        }

        lock (_gate)
        {
            if (!_waiting || _ring.Count == 0 || _closed)
            {
                return;
            }

            _waiting = false;
            _signal.RunContinuationsAsynchronously = false;
        }

        _signal.SetResult(true);
    }

    /// <summary>The writer's side: the oldest queued frame, owned by the caller.</summary>
    public bool TryDequeue([NotNullWhen(true)] out Frame? frame)
    {
        lock (_gate)
        {
            return _ring.TryTake(out frame);
        }
    }

    /// <summary>Waits until something may be there: a frame, a keepalive request or the close. True while open.</summary>
    public ValueTask<bool> WaitAsync()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return new ValueTask<bool>(false);
            }

            if (_pending || _ring.Count > 0)
            {
                _pending = false;
                return new ValueTask<bool>(true);
            }

            _signal.Reset();
            _waiting = true;
            return new ValueTask<bool>(this, _signal.Version);
        }
    }

    /// <summary>Wakes the writer without a frame, so it re-sends the newest one.</summary>
    public void RequestKeepalive() => Wake();

    public void MarkWriteStarted() => Interlocked.Exchange(ref _writeStartedAt, _time.GetTimestamp());

    public void MarkWritten(int bytes)
    {
        long now = _time.GetTimestamp();
        Interlocked.Exchange(ref _writeStartedAt, 0);
        Interlocked.Exchange(ref _lastSentAt, now);
        Interlocked.Increment(ref _sent);
        Interlocked.Add(ref _bytes, bytes);
        _rate.Record(now);
    }

    /// <summary>Frames the writer skipped itself (the viewer's fps cap) count as dropped too.</summary>
    public void CountSkipped() => Interlocked.Increment(ref _dropped);

    /// <summary>How long the current write has been waiting for the client to take the bytes; zero when none is pending.</summary>
    public TimeSpan PendingWriteDuration(long now)
    {
        long started = Interlocked.Read(ref _writeStartedAt);
        return started == 0 ? TimeSpan.Zero : _time.GetElapsedTime(started, now);
    }

    /// <summary>
    /// Closes the client from the server side and releases queued frames. The writer then ends the
    /// response cleanly; with <paramref name="abortConnection"/> (a stalled client) the connection is cut,
    /// because a clean end would wait for the very client that stopped reading.
    /// </summary>
    public void Close(string reason, bool abortConnection)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            CloseReason = reason;
        }

        ReleaseQueued();
        Wake();
        if (abortConnection)
        {
            _abort?.Invoke();
        }
    }

    /// <summary>The writer is gone: drop whatever is still queued. Idempotent.</summary>
    public void Detach()
    {
        lock (_gate)
        {
            _closed = true;
        }

        ReleaseQueued();
        Wake();
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _signal.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _signal.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _signal.OnCompleted(continuation, state, token, flags);

    private void Wake()
    {
        bool complete;
        bool open;
        lock (_gate)
        {
            complete = _waiting;
            _waiting = false;
            _pending = !complete;
            open = !_closed;
            if (complete)
            {
                // Continuations run on the thread pool, never on the capture thread that called us.
                _signal.RunContinuationsAsynchronously = true;
            }
        }

        if (complete)
        {
            _signal.SetResult(open);
        }
    }

    /// <summary>Queues <paramref name="frame"/>; a full queue drops (and releases) its oldest frame, or the frame itself once closed.</summary>
    private void Put(Frame frame)
    {
        Frame? released;
        lock (_gate)
        {
            // Once closed, the frame itself goes back; otherwise a full ring gives back its oldest: a dropped frame.
            released = _closed ? frame : _ring.Add(frame);
            if (!_closed && released is not null)
            {
                _dropped++;
            }
        }

        released?.Release();
    }

    private void ReleaseQueued()
    {
        while (TryDequeue(out Frame? frame))
        {
            frame.Release();
        }
    }
}
