namespace Camstreamd.Gif;

/// <summary>What the GIF encoder did since start, for /state and /metrics. Bumped by the encoder thread only.</summary>
internal sealed class GifStatistics
{
    private long _framesEncoded;
    private long _framesPassedThrough;
    private long _framesFailed;
    private long _bytesEncoded;
    private long _encodeTicks;
    private long _allocatedBytes;
    private int _width;
    private int _height;
    private string? _encoderFailure;

    /// <summary>GIF frames made from JPEGs.</summary>
    public long FramesEncoded => Interlocked.Read(ref _framesEncoded);

    /// <summary>GIF frames taken from the folder's GIF files as they were.</summary>
    public long FramesPassedThrough => Interlocked.Read(ref _framesPassedThrough);

    /// <summary>JPEGs the encoder could not decode (skipped).</summary>
    public long FramesFailed => Interlocked.Read(ref _framesFailed);

    /// <summary>Bytes of GIF frames produced (each sent to every GIF viewer).</summary>
    public long BytesEncoded => Interlocked.Read(ref _bytesEncoded);

    /// <summary>Time spent decoding, scaling, quantizing and encoding.</summary>
    public TimeSpan EncodeTime => TimeSpan.FromTicks(Interlocked.Read(ref _encodeTicks));

    /// <summary>Managed bytes the encoder thread allocated (ImageSharp's share of the daemon's allocations).</summary>
    public long AllocatedBytes => Interlocked.Read(ref _allocatedBytes);

    /// <summary>Size of the newest GIF frame, 0x0 before the first.</summary>
    public (int Width, int Height) Size => (Volatile.Read(ref _width), Volatile.Read(ref _height));

    /// <summary>Why the encoder cannot run (libjpeg-turbo missing), or null while it can; /stream.gif answers 503 with it.</summary>
    public string? EncoderFailure => Volatile.Read(ref _encoderFailure);

    public void CountEncoded(int bytes, TimeSpan took, int width, int height)
    {
        Interlocked.Increment(ref _framesEncoded);
        Interlocked.Add(ref _bytesEncoded, bytes);
        Interlocked.Add(ref _encodeTicks, took.Ticks);
        SetSize(width, height);
    }

    public void CountPassedThrough(int bytes, int width, int height)
    {
        Interlocked.Increment(ref _framesPassedThrough);
        Interlocked.Add(ref _bytesEncoded, bytes);
        SetSize(width, height);
    }

    public void CountFailed() => Interlocked.Increment(ref _framesFailed);

    public void SetEncoderFailure(string reason) => Volatile.Write(ref _encoderFailure, reason);

    public void SetAllocated(long bytes) => Interlocked.Exchange(ref _allocatedBytes, bytes);

    private void SetSize(int width, int height)
    {
        Volatile.Write(ref _width, width);
        Volatile.Write(ref _height, height);
    }
}
