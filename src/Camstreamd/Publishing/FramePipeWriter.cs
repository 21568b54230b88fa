using Camstreamd.Frames;
using Camstreamd.Streaming;

namespace Camstreamd.Publishing;

/// <summary>
/// Feeds one ffmpeg run's stdin from its broadcaster client: each frame in Matroska with its capture time
/// (<see cref="MatroskaPipe"/>), one at a time, released once written or not.
/// </summary>
internal static class FramePipeWriter
{
    /// <summary>
    /// Pipes frames to ffmpeg until the client is closed, the pipe breaks or <paramref name="cancellationToken"/>
    /// is cancelled; returns the write error, if any.
    /// </summary>
    public static async Task<string?> WriteFramesAsync(StreamClient client, Stream input, TimeProvider time, CancellationToken cancellationToken)
    {
        byte[] header = new byte[MatroskaPipe.FrameHeaderLength];
        long firstTimestamp = -1;
        while (await client.WaitAsync().ConfigureAwait(false))
        {
            // A keepalive wake brings no frame: ffmpeg keeps its own pace and needs no repeats from us.
            if (!client.TryDequeue(out Frame? frame))
            {
                continue;
            }

            int length = frame.Length;
            client.MarkWriteStarted();
            try
            {
                if (firstTimestamp < 0)
                {
                    firstTimestamp = frame.MonotonicTimestamp;
                    await input.WriteAsync(MatroskaPipe.StreamHeader(frame.Width, frame.Height), cancellationToken).ConfigureAwait(false);
                }

                long microseconds = (long)((frame.MonotonicTimestamp - firstTimestamp) * 1_000_000.0 / time.TimestampFrequency);
                MatroskaPipe.WriteFrameHeader(header, microseconds, length);
                await input.WriteAsync(header, cancellationToken).ConfigureAwait(false);
                await input.WriteAsync(frame.Memory, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                return ex.Message;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping: the run ends ffmpeg, with a signal if it does not take the end of its input.
                return null;
            }
            finally
            {
                frame.Release();
            }

            client.MarkWritten(length);
        }

        return null;
    }
}
