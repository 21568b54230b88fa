using System.Diagnostics.CodeAnalysis;
using Camstreamd.Frames;

namespace Camstreamd.Streaming;

/// <summary>
/// The frames queued for one viewer, oldest first, at most a fixed number: adding to a full ring takes out the oldest,
/// so the newest frames win, as a live view wants. Holds one reference of each frame in it. Not thread-safe:
/// <see cref="StreamClient"/> holds its lock around every call.
/// </summary>
internal sealed class FrameRing
{
    private readonly Frame?[] _frames;
    private int _head;

    public FrameRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _frames = new Frame?[capacity];
    }

    public int Count { get; private set; }

    /// <summary>Adds <paramref name="frame"/>; a full ring first takes out its oldest frame and returns it, for the caller to release.</summary>
    public Frame? Add(Frame frame)
    {
        Frame? oldest = null;
        if (Count == _frames.Length)
        {
            TryTake(out oldest);
        }

        _frames[(_head + Count) % _frames.Length] = frame;
        Count++;
        return oldest;
    }

    /// <summary>Takes out the oldest frame, with its reference.</summary>
    public bool TryTake([NotNullWhen(true)] out Frame? frame)
    {
        if (Count == 0)
        {
            frame = null;
            return false;
        }

        frame = _frames[_head]!;
        _frames[_head] = null;
        _head = (_head + 1) % _frames.Length;
        Count--;
        return true;
    }
}
