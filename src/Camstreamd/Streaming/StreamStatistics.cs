namespace Camstreamd.Streaming;

/// <summary>Totals since start, for /state and /metrics. Counters only; cheap to bump from any thread.</summary>
internal sealed class StreamStatistics
{
    private long _framesCaptured;
    private long _framesBroken;
    private long _framesSent;
    private long _bytesSent;
    private long _framesDroppedByGoneClients;
    private long _evictions;
    private long _rejectedClients;
    private long _clientsServed;

    public long FramesCaptured => Interlocked.Read(ref _framesCaptured);

    public long FramesBroken => Interlocked.Read(ref _framesBroken);

    public long FramesSent => Interlocked.Read(ref _framesSent);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long Evictions => Interlocked.Read(ref _evictions);

    public long RejectedClients => Interlocked.Read(ref _rejectedClients);

    public long ClientsServed => Interlocked.Read(ref _clientsServed);

    public void CountCaptured() => Interlocked.Increment(ref _framesCaptured);

    public void CountBroken() => Interlocked.Increment(ref _framesBroken);

    public void CountSent(int bytes)
    {
        Interlocked.Increment(ref _framesSent);
        Interlocked.Add(ref _bytesSent, bytes);
    }

    public void CountEviction() => Interlocked.Increment(ref _evictions);

    public void CountRejected() => Interlocked.Increment(ref _rejectedClients);

    public void CountClient() => Interlocked.Increment(ref _clientsServed);

    /// <summary>Keeps a departing viewer's drops in the total.</summary>
    public void AddDroppedOf(StreamClient client) => Interlocked.Add(ref _framesDroppedByGoneClients, client.Dropped);

    /// <summary>Frames dropped for slow viewers, the current ones included.</summary>
    public long FramesDropped(IReadOnlyList<StreamClient> current)
    {
        long total = Interlocked.Read(ref _framesDroppedByGoneClients);
        foreach (StreamClient client in current)
        {
            total += client.Dropped;
        }

        return total;
    }
}
