namespace Camstreamd.Frames;

/// <summary>
/// Recycles <see cref="Frame"/> objects and their buffers so the per-frame path allocates nothing
/// once the pool has warmed up. Counters let tests prove that every rented frame comes back once.
/// </summary>
public sealed class FramePool
{
    // A stack under a lock rather than a ConcurrentBag: frames are rented on the capture thread and come back on the
    // viewers' threads, so with the bag's per-thread lists every rent was a steal from another thread's list, and every
    // call a thread-local lookup. Last in, first out: the buffer rented next is the one most recently in a cache.
    private readonly Lock _gate = new();
    private readonly Stack<Frame> _free = new();
    private readonly int _initialCapacity;
    private long _rented;
    private long _returned;
    private long _created;

    public FramePool(int initialCapacity = 256 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialCapacity);
        _initialCapacity = initialCapacity;
    }

    public long Rented => Interlocked.Read(ref _rented);

    public long Returned => Interlocked.Read(ref _returned);

    public long Created => Interlocked.Read(ref _created);

    /// <summary>Frames that are rented and not yet back.</summary>
    public long Outstanding => Rented - Returned;

    /// <summary>Returns a frame owned once by the caller, with room for at least <paramref name="capacity"/> bytes.</summary>
    public Frame Rent(int capacity = 0)
    {
        Frame? frame;
        lock (_gate)
        {
            _free.TryPop(out frame);
        }

        if (frame is null)
        {
            Interlocked.Increment(ref _created);
            frame = new Frame(this, Math.Max(capacity, _initialCapacity));
        }

        frame.Revive();
        frame.EnsureCapacity(capacity);
        Interlocked.Increment(ref _rented);
        return frame;
    }

    /// <summary>
    /// Lets go of the free frames and their buffers, for the garbage collector to take (when nobody watches: a GIF
    /// viewer alone leaves a dozen behind). Frames out on rent are not touched; the next rents make new ones.
    /// </summary>
    public void TrimFree()
    {
        lock (_gate)
        {
            _free.Clear();
            _free.TrimExcess();
        }
    }

    internal void Return(Frame frame)
    {
        Interlocked.Increment(ref _returned);
        lock (_gate)
        {
            _free.Push(frame);
        }
    }
}
