using Camstreamd.Streaming;

namespace Camstreamd.Publishing;

/// <summary>
/// What /state shows of one target, kept under one lock: written by its run (state changes, the ffmpeg run now
/// going, its counts once it ended) and read by /state and /metrics at any time.
/// </summary>
internal sealed class PublishTargetStatus
{
    private readonly PublishUrl _url;
    private readonly string _codec;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private string _state = PublishTargetState.Connecting;
    private DateTimeOffset _since;
    private long _publishingSince;
    private string? _lastError;
    private string _encoder;
    private long _sentBefore;
    private long _droppedBefore;
    private int _runs;
    private StreamClient? _client;
    private FfmpegProgress? _progress;
    private int _pid;

    public PublishTargetStatus(PublishUrl url, string codec, string encoder, TimeProvider time)
    {
        _url = url;
        _codec = codec.ToLowerInvariant();
        _encoder = encoder;
        _time = time;
        _since = time.GetUtcNow();
    }

    public PublishTargetSnapshot Snapshot()
    {
        lock (_gate)
        {
            bool publishing = _state == PublishTargetState.Publishing;
            return new PublishTargetSnapshot(
                _url.Redacted,
                _codec,
                _encoder,
                _state,
                _since,
                _sentBefore + (_client?.Sent ?? 0),
                _droppedBefore + (_client?.Dropped ?? 0),
                publishing ? _progress?.KilobitsPerSecond ?? double.NaN : double.NaN,
                _lastError,
                Math.Max(0, _runs - 1),
                _client is null ? 0 : _pid);
        }
    }

    /// <summary>The encoder <c>auto</c> resolved to.</summary>
    public void SetEncoder(string encoder)
    {
        lock (_gate)
        {
            _encoder = encoder;
        }
    }

    /// <summary>An ffmpeg run started: its frames, progress and pid count from now.</summary>
    public void RunStarted(StreamClient client, FfmpegProgress progress, int pid)
    {
        lock (_gate)
        {
            _runs++;
            _client = client;
            _progress = progress;
            _pid = pid;
        }
    }

    /// <summary>The run ended: its counts are kept in the target's totals.</summary>
    public void RunEnded(StreamClient client)
    {
        lock (_gate)
        {
            _sentBefore += client.Sent;
            _droppedBefore += client.Dropped;
            _client = null;
            _progress = null;
        }
    }

    /// <summary>
    /// Before a retry: whether the target was retrying already (then only the error is updated), and whether the
    /// run that failed had published for <paramref name="longEnough"/> (then the backoff starts again).
    /// </summary>
    public (bool WasRetrying, bool PublishedLongEnough) Failed(TimeSpan longEnough)
    {
        lock (_gate)
        {
            return (_state == PublishTargetState.Retrying,
                _state == PublishTargetState.Publishing && _time.GetElapsedTime(_publishingSince) >= longEnough);
        }
    }

    public void SetLastError(string error)
    {
        lock (_gate)
        {
            _lastError = error;
        }
    }

    /// <summary>Publishing from now, unless it is already or the target stopped; true when the state changed.</summary>
    public bool SetPublishing()
    {
        lock (_gate)
        {
            if (_state == PublishTargetState.Publishing || _state == PublishTargetState.Stopped)
            {
                return false;
            }

            _state = PublishTargetState.Publishing;
            _since = _time.GetUtcNow();
            _publishingSince = _time.GetTimestamp();
            return true;
        }
    }

    public PublishTargetSnapshot SetState(string state, string? error)
    {
        lock (_gate)
        {
            _state = state;
            _since = _time.GetUtcNow();
            _lastError = error ?? _lastError;
        }

        return Snapshot();
    }
}
