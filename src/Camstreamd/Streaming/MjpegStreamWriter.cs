using System.Buffers;
using System.IO.Pipelines;
using Camstreamd.Frames;

namespace Camstreamd.Streaming;

/// <summary>
/// Writes one viewer's stream: waits on its queue, writes each frame as a multipart part, and
/// re-sends the newest frame as a keepalive when the source is quiet. One instance per viewer;
/// the loop allocates nothing per frame (the queue wait is a reusable value-task source, the
/// header is formatted straight into the response pipe).
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

    /// <summary>Runs until the client leaves, is evicted or the server closes it; returns why it ended.</summary>
    public async Task<string> RunAsync(StreamClient client, PipeWriter output, CancellationToken cancellationToken)
    {
        output.Write(MultipartFormat.Opening);
        FlushResult opened = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (opened.IsCompleted || opened.IsCanceled)
        {
            return "client went away";
        }

        long minimumInterval = client.FpsLimit is double fps ? (long)(_time.TimestampFrequency / fps) : 0;
        long lastFrameAt = 0;
        long lastSequence = 0;
        while (await client.WaitAsync().ConfigureAwait(false))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return "client went away";
            }

            bool queued = client.TryDequeue(out Frame? frame);
            frame ??= _broadcaster.AcquireLatest();
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
            WritePart(output, frame);
            frame.Release();

            client.MarkWriteStarted();
            FlushResult result = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCompleted || result.IsCanceled)
            {
                return "client went away";
            }

            client.MarkWritten(length);
            _statistics.CountSent(length);
        }

        // Closed by us: a stalled client was already cut; otherwise (shutdown) the response just ends,
        // which players see as a clean end of the HTTP body.
        return client.CloseReason ?? "client went away";
    }

    private static void WritePart(PipeWriter output, Frame frame)
    {
        Span<byte> header = output.GetSpan(MultipartFormat.MaxPartHeaderLength);
        output.Advance(MultipartFormat.WritePartHeader(header, frame.Length, frame.UnixTimeMicroseconds));
        output.Write(frame.Span);
        output.Write(MultipartFormat.PartTrailer);
    }
}
