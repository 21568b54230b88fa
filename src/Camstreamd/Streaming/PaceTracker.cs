namespace Camstreamd.Streaming;

/// <summary>
/// Decides from a viewer's drops whether it is persistently slow, so the socket can be tuned for it:
/// slow after frames were dropped before <see cref="SlowAfter"/> sends in a row, fast again after
/// <see cref="FastAfter"/> sends without a drop. One hiccup (a Wi-Fi stall, a GC pause in the client)
/// does not count: a fast viewer wrongly treated as slow would wait for a delayed ACK on every frame.
/// </summary>
internal struct PaceTracker
{
    public const int SlowAfter = 2;
    public const int FastAfter = 60;

    private long _droppedBefore;
    private int _behind;
    private int _keptUp;

    public bool IsSlow { get; private set; }

    /// <summary>Call after each frame sent with the viewer's drop count; true when <see cref="IsSlow"/> changed.</summary>
    public bool Update(long droppedSoFar)
    {
        bool dropped = droppedSoFar > _droppedBefore;
        _droppedBefore = droppedSoFar;
        _behind = dropped ? _behind + 1 : 0;
        _keptUp = dropped ? 0 : _keptUp + 1;
        bool slow = IsSlow ? _keptUp < FastAfter : _behind >= SlowAfter;
        if (slow == IsSlow)
        {
            return false;
        }

        IsSlow = slow;
        return true;
    }
}
