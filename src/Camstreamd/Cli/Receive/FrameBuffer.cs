namespace Camstreamd.Cli.Receive;

/// <summary>One received frame's bytes, in a buffer reused (and grown when needed) from frame to frame.</summary>
internal sealed class FrameBuffer
{
    /// <summary>No camera sends a JPEG this big; a larger length means the stream is not what we think.</summary>
    public const int MaxFrameBytes = 64 * 1024 * 1024;

    private byte[] _data = new byte[256 * 1024];

    public int Length { get; private set; }

    /// <summary>Capture time from the sender (an MJPEG part's X-Timestamp), when it said.</summary>
    public DateTimeOffset? CapturedAt { get; set; }

    public ReadOnlySpan<byte> Span => _data.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => _data.AsMemory(0, Length);

    /// <summary>Empties the buffer and makes room for <paramref name="length"/> bytes, returned for filling.</summary>
    public Memory<byte> Reset(int length)
    {
        CapturedAt = null;
        Length = 0;
        EnsureCapacity(length);
        Length = length;
        return _data.AsMemory(0, length);
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        EnsureCapacity(Length + bytes.Length);
        bytes.CopyTo(_data.AsSpan(Length));
        Length += bytes.Length;
    }

    public void Truncate(int length) => Length = Math.Min(Length, length);

    private void EnsureCapacity(int length)
    {
        if (length > MaxFrameBytes)
        {
            throw new ReceiveFailure(ReceiveExitCode.DataError, $"a frame of more than {length} bytes, over the 64 MiB limit: this is not a stream of camera frames");
        }

        if (_data.Length < length)
        {
            Array.Resize(ref _data, Math.Min(MaxFrameBytes, Math.Max(length, _data.Length * 2)));
        }
    }
}
