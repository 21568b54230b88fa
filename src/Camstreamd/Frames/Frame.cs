namespace Camstreamd.Frames;

/// <summary>
/// One encoded JPEG picture in a pooled buffer, shared by every viewer that has it queued.
/// Each holder owns one reference: <see cref="AddRef"/> before handing it on, <see cref="Release"/>
/// exactly once when done. The last release returns the buffer to its <see cref="FramePool"/>.
/// The buffer keeps room before and after the picture for a transport envelope (a multipart part
/// header and boundary), written once per frame, so every viewer gets the whole part with one send
/// straight from this buffer.
/// </summary>
public sealed class Frame
{
    /// <summary>Room before the picture for the envelope's prefix.</summary>
    public const int PrefixReserve = 128;

    /// <summary>Room after the picture for the envelope's suffix.</summary>
    public const int SuffixReserve = 32;

    private readonly FramePool _owner;
    private byte[] _buffer;
    private int _references;
    private int _prefixLength;
    private int _suffixLength;

    internal Frame(FramePool owner, int capacity)
    {
        _owner = owner;
        _buffer = new byte[capacity + PrefixReserve + SuffixReserve];
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

    /// <summary>Room for the picture.</summary>
    public int Capacity => _buffer.Length - PrefixReserve - SuffixReserve;

    /// <summary>The JPEG.</summary>
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(PrefixReserve, Length);

    /// <summary>The JPEG.</summary>
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(PrefixReserve, Length);

    /// <summary>The JPEG inside its envelope (see <see cref="SetEnvelope"/>): what goes on the wire.</summary>
    public ReadOnlyMemory<byte> Enveloped => _buffer.AsMemory(PrefixReserve - _prefixLength, _prefixLength + Length + _suffixLength);

    /// <summary>How many holders own this frame right now; for tests and diagnostics.</summary>
    public int References => Volatile.Read(ref _references);

    /// <summary>The whole writable buffer, for the producer that fills a freshly rented frame.</summary>
    public Span<byte> WritableBuffer
    {
        get
        {
            EnsureSoleOwner();
            return _buffer.AsSpan(PrefixReserve, Capacity);
        }
    }

    /// <summary>Grows the buffer when a picture does not fit; only while the producer is the sole owner.</summary>
    public void EnsureCapacity(int capacity)
    {
        EnsureSoleOwner();
        if (Capacity < capacity)
        {
            // Rare: the pool keeps the bigger buffer, so a source settles on its largest frame size.
            _buffer = new byte[capacity + PrefixReserve + SuffixReserve];
        }
    }

    /// <summary>Marks the frame filled: <paramref name="length"/> bytes of JPEG plus its metadata.</summary>
    public void Complete(int length, int width, int height, long sequence, long monotonicTimestamp, long unixTimeMicroseconds)
    {
        EnsureSoleOwner();
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Capacity);
        Length = length;
        _prefixLength = 0;
        _suffixLength = 0;
        Width = width;
        Height = height;
        Sequence = sequence;
        MonotonicTimestamp = monotonicTimestamp;
        UnixTimeMicroseconds = unixTimeMicroseconds;
    }

    /// <summary>
    /// Wraps the completed picture in <paramref name="prefix"/> and <paramref name="suffix"/> (at most
    /// <see cref="PrefixReserve"/> and <see cref="SuffixReserve"/> bytes), visible in <see cref="Enveloped"/>.
    /// Only by the sole owner, before the frame is shared.
    /// </summary>
    public void SetEnvelope(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> suffix)
    {
        EnsureSoleOwner();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefix.Length, PrefixReserve);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(suffix.Length, SuffixReserve);
        prefix.CopyTo(_buffer.AsSpan(PrefixReserve - prefix.Length));
        suffix.CopyTo(_buffer.AsSpan(PrefixReserve + Length));
        _prefixLength = prefix.Length;
        _suffixLength = suffix.Length;
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
        _prefixLength = 0;
        _suffixLength = 0;
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
