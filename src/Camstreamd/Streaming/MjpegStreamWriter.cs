using Camstreamd.Frames;

namespace Camstreamd.Streaming;

/// <summary>
/// Writes viewers' streams: waits on a viewer's queue, sends each frame as the viewer's
/// <see cref="IFrameFraming"/> says (an MJPEG viewer: the multipart part the broadcaster already wrapped;
/// a TCP reader: a length, then the JPEG) and re-sends the newest frame as a keepalive when the source is
/// quiet. The loop allocates nothing per frame: the queue wait is a reusable value-task source and the
/// sinks use pooled async builders. The caller has already sent what precedes the first frame.
/// </summary>
internal sealed class MjpegStreamWriter
{
    private readonly FrameBroadcaster _broadcaster;
    private readonly StreamStatistics _statistics;
    private readonly TimeProvider _time;

    public MjpegStreamWriter(FrameBroadcaster broadcaster, StreamStatistics statistics, TimeProvider time)
    {
        _broadcaster = broadcaster;
        _statistics = statistics;
        _time = time;
    }

    /// <summary>
    /// Runs until the client leaves, is evicted or the server closes it; returns why it ended. Each frame is
    /// framed by <paramref name="framing"/>. <paramref name="onPaceChanged"/> runs on the writer when the viewer
    /// becomes persistently slow (true) or keeps up again (false); see <see cref="PaceTracker"/>.
    /// </summary>
    public async Task<string> RunAsync(StreamClient client, IPartSink output, IFrameFraming framing, Action<bool>? onPaceChanged, CancellationToken cancellationToken)
    {
        long minimumInterval = client.FpsLimit is double fps ? (long)(_time.TimestampFrequency / fps) : 0;
        long lastFrameAt = 0;
        long lastSequence = 0;
        PaceTracker pace = default(PaceTracker);

        // Every send below takes what the socket (or Kestrel's pipe) holds now and never waits, so a new frame may
        // resume this loop on the broadcaster's wake thread, one wake-up for all viewers, rather than on the pool.
        client.SendOnWakeThread();
        while (await client.WaitAsync().ConfigureAwait(false))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return "client went away";
            }

            bool queued = client.TryDequeue(out Frame? frame);
            frame ??= _broadcaster.AcquireLatest(client.Feed);
            if (frame is null)
            {
                continue;
            }

            long now = _time.GetTimestamp();
            bool isNew = frame.Sequence != lastSequence;
            if (isNew && minimumInterval > 0 && lastFrameAt != 0 && now - lastFrameAt < minimumInterval)
            {
                // Over this viewer's ?fps= cap: a later frame will do. Only a queued frame counts as dropped.
                frame.Release();
                if (queued)
                {
                    client.CountSkipped();
                }

                continue;
            }

            if (isNew)
            {
                // Keep to the capped rate's schedule rather than "interval after the last send",
                // which would lose up to one source period every time; resync after a gap.
                lastFrameAt = lastFrameAt != 0 && now - lastFrameAt < 2 * minimumInterval ? lastFrameAt + minimumInterval : now;
                lastSequence = frame.Sequence;
            }

            int length = frame.Length;
            client.MarkWriteStarted();
            try
            {
                // Inline rather than a helper method: an async helper would box its state per frame.
                // The header (often empty) goes first, then the payload.
                if (!framing.TryHeader(frame, out ReadOnlyMemory<byte> bytes, out string? endReason))
                {
                    return endReason;
                }

                ReadOnlyMemory<byte> payload = framing.Payload(frame);
                if (!bytes.IsEmpty)
                {
                    // A header of the connection's own (the TCP length) and the shared payload in one gathered
                    // send where the sink can; what it did not take goes below, as two ordinary sends would.
                    int taken = output.SendNow(bytes, payload);
                    int fromHeader = Math.Min(taken, bytes.Length);
                    bytes = bytes[fromHeader..];
                    payload = payload[(taken - fromHeader)..];
                }

                while (true)
                {
                    if (bytes.IsEmpty)
                    {
                        if (payload.IsEmpty)
                        {
                            break;
                        }

                        bytes = payload;
                        payload = ReadOnlyMemory<byte>.Empty;
                    }

                    int taken = await output.SendAsync(bytes, cancellationToken).ConfigureAwait(false);
                    if (taken <= 0)
                    {
                        return client.CloseReason ?? "client went away";
                    }

                    bytes = bytes[taken..];
                }
            }
            finally
            {
                frame.Release();
            }

            client.MarkWritten(length);
            _statistics.CountSent(length);
            if (pace.Update(client.Dropped))
            {
                onPaceChanged?.Invoke(pace.IsSlow);
            }
        }

        // Closed by us: a stalled client was already cut; otherwise (shutdown) the response just ends,
        // which players see as a clean end of the HTTP body.
        return client.CloseReason ?? "client went away";
    }

    /// <summary>Sends every byte; false when the client is gone. For one-off writes (a response head), not per frame.</summary>
    public static async ValueTask<bool> SendAllAsync(IPartSink output, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            int taken = await output.SendAsync(bytes, cancellationToken).ConfigureAwait(false);
            if (taken <= 0)
            {
                return false;
            }

            bytes = bytes[taken..];
        }

        return true;
    }
}
