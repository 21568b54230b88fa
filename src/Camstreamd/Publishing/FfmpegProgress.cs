using System.Globalization;

namespace Camstreamd.Publishing;

/// <summary>
/// Reads ffmpeg's <c>-progress</c> report (blocks of key=value lines ending in <c>progress=continue</c>),
/// interleaved with its log lines on stderr: frames encoded, bytes sent, and from these the bitrate.
/// One reader thread writes; /state reads.
/// </summary>
internal sealed class FfmpegProgress
{
    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
    {
        "frame", "fps", "bitrate", "total_size", "out_time_us", "out_time_ms", "out_time", "dup_frames", "drop_frames", "speed", "progress",
    };

    private readonly TimeProvider _time;
    private long _frames;
    private long _totalBytes;
    private long _lastBytes = -1;
    private long _lastAt;
    private double _kilobitsPerSecond = double.NaN;

    public FfmpegProgress(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>Frames ffmpeg has encoded (or copied) and handed to the server.</summary>
    public long Frames => Interlocked.Read(ref _frames);

    /// <summary>
    /// Bits per second over the last report period, in kbit/s; NaN while ffmpeg reports no size, as for RTSP,
    /// whose packets go out through RTP rather than one output stream.
    /// </summary>
    public double KilobitsPerSecond => Volatile.Read(ref _kilobitsPerSecond);

    /// <summary>True when <paramref name="line"/> was a progress line (and taken in), false for a log line.</summary>
    public bool TryTake(string line)
    {
        int equals = line.IndexOf('=', StringComparison.Ordinal);
        string key = equals > 0 ? line[..equals] : "";
        if (!Keys.Contains(key) && !key.StartsWith("stream_", StringComparison.Ordinal))
        {
            return false;
        }

        string value = line[(equals + 1)..].Trim();
        if (key == "frame" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long frames))
        {
            Interlocked.Exchange(ref _frames, frames);
        }
        else if (key == "total_size")
        {
            _totalBytes = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long bytes) ? bytes : -1;
        }
        else if (key == "progress")
        {
            long now = _time.GetTimestamp();
            if (_lastBytes >= 0 && _totalBytes >= 0)
            {
                double seconds = _time.GetElapsedTime(_lastAt, now).TotalSeconds;
                if (seconds > 0)
                {
                    Volatile.Write(ref _kilobitsPerSecond, Math.Round((_totalBytes - _lastBytes) * 8 / seconds / 1000, 1));
                }
            }

            _lastBytes = _totalBytes;
            _lastAt = now;
        }

        return true;
    }
}
