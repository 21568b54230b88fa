namespace Camstreamd.Cli.Receive;

/// <summary>
/// Which received frames are kept: not a keepalive repeat of the previous one (the same X-Timestamp, or the same
/// bytes when the sender gives no time), and with <c>--every</c> one per interval on a steady schedule.
/// Two buffers take turns, so the previous frame stays for the comparison without a copy.
/// </summary>
internal sealed class FrameReceiver
{
    private readonly TimeSpan? _every;
    private readonly TimeProvider _time;
    private FrameBuffer _next = new();
    private FrameBuffer _previous = new();
    private bool _havePrevious;
    private long _due;

    public FrameReceiver(TimeSpan? every, TimeProvider time)
    {
        _every = every;
        _time = time;
    }

    /// <summary>The buffer to read the next frame into.</summary>
    public FrameBuffer Next => _next;

    /// <summary>Decides on the frame just read into <see cref="Next"/>; true: write it.</summary>
    public bool Accept(FrameBuffer frame)
    {
        if (_havePrevious && IsRepeat(frame, _previous))
        {
            return false;
        }

        (_previous, _next) = (_next, _previous);
        _havePrevious = true;
        if (_every is not TimeSpan every)
        {
            return true;
        }

        long now = _time.GetTimestamp();
        if (_due != 0 && now < _due)
        {
            return false;
        }

        // Keep to the schedule (a frame every N s, not N s after whichever came late); start afresh after a gap.
        long interval = (long)(every.TotalSeconds * _time.TimestampFrequency);
        _due = _due != 0 && now - _due < interval ? _due + interval : now + interval;
        return true;
    }

    private static bool IsRepeat(FrameBuffer frame, FrameBuffer previous) =>
        frame.CapturedAt is DateTimeOffset captured && previous.CapturedAt is DateTimeOffset before
            ? captured == before
            : frame.Span.SequenceEqual(previous.Span);
}
