namespace Camstreamd.Frames;

/// <summary>
/// One encoded JPEG picture in a pooled buffer, shared by every viewer that has it queued.
/// Each holder owns one reference: <see cref="AddRef"/> before handing it on, <see cref="Release"/>
/// exactly once when done. The last release returns the buffer to its <see cref="FramePool"/>.
/// </summary>
public sealed class Frame
{
    private readonly FramePool _owner;
    private byte[] _buffer;
    private int _references;

    internal Frame(FramePool owner, int capacity)
    {
        _owner = owner;
        _buffer = new byte[capacity];
    }

    /// <summary>Capture order, starting at 1 for each source start.</summary>
    public long Sequence { get; private set; }

    /// <summary>Capture time from <see cref="TimeProvider.GetTimestamp"/> (monotonic).</summary>
    public long MonotonicTimestamp { get; private set; }

    /// <summary>Capture time on the wall clock, in microseconds since the Unix epoch.</summary>
    public long UnixTimeMicroseconds { get; private set; }

    public int Width { get; private set; }

    public int Height { get; private set; }

    public int Length { get; private set; }

    public int Capacity => _buffer.Length;

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <summary>How many holders own this frame right now; for tests and diagnostics.</summary>
    public int References => Volatile.Read(ref _references);

    /// <summary>The whole writable buffer, for the producer that fills a freshly rented frame.</summary>
    public Span<byte> WritableBuffer
    {
        get
        {
            EnsureSoleOwner();
            return _buffer;
        }
    }

    /// <summary>Grows the buffer when a picture does not fit; only while the producer is the sole owner.</summary>
    public void EnsureCapacity(int capacity)
    {
        EnsureSoleOwner();
        if (_buffer.Length < capacity)
        {
            // Rare: the pool keeps the bigger buffer, so a source settles on its largest frame size.
            _buffer = new byte[capacity];
        }
    }

    /// <summary>Marks the frame filled: <paramref name="length"/> bytes of JPEG plus its metadata.</summary>
    public void Complete(int length, int width, int height, long sequence, long monotonicTimestamp, long unixTimeMicroseconds)
    {
        EnsureSoleOwner();
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _buffer.Length);
        Length = length;
        Width = width;
        Height = height;
        Sequence = sequence;
        MonotonicTimestamp = monotonicTimestamp;
        UnixTimeMicroseconds = unixTimeMicroseconds;
    }

    public void AddRef()
    {
        if (Interlocked.Increment(ref _references) <= 1)
        {
            throw new InvalidOperationException("AddRef on a frame that was already returned to its pool.");
        }
    }

    public void Release()
    {
        int left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            _owner.Return(this);
        }
        else if (left < 0)
        {
            throw new InvalidOperationException($"Frame {Sequence} released more often than referenced.");
        }
    }

    internal void Revive()
    {
        Length = 0;
        Volatile.Write(ref _references, 1);
    }

    private void EnsureSoleOwner()
    {
        if (Volatile.Read(ref _references) != 1)
        {
            throw new InvalidOperationException("Only the sole owner of a frame may write it.");
        }
    }
}
