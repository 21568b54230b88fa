using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Http.Limits;

/// <summary>
/// Bounds the connections that have not yet sent a complete first request head (the slowloris attack holds many
/// such, each sending a byte now and then): at most <see cref="MaxPending"/>; one more closes the one that has
/// waited longest. A real client sends its head within milliseconds of connecting, so the oldest pending
/// connection is almost always one that holds a place without using it. Each still has its own time limit
/// (<see cref="KestrelLimits.RequestHeadTimeout"/>). Closing is logged as one line a minute at most, with the count.
/// </summary>
internal sealed class PendingRequestHeads
{
    /// <summary>Connections that may wait for their request head at once.</summary>
    public const int MaxPending = 256;

    private static readonly TimeSpan LogInterval = TimeSpan.FromMinutes(1);

    private readonly LinkedList<ConnectionContext> _pending = new();
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ILogger<PendingRequestHeads> _logger;
    private long _closedSinceLog;
    private long? _loggedAt;

    public PendingRequestHeads(TimeProvider time, ILogger<PendingRequestHeads> logger)
    {
        _time = time;
        _logger = logger;
    }

    /// <summary>Connections waiting for their head now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>
    /// Counts <paramref name="connection"/> as pending until the returned handle is disposed (its head is complete, it
    /// timed out or it is gone). Closes the longest-waiting pending connection when there are too many.
    /// </summary>
    public Pending Enter(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ConnectionContext? oldest = null;
        LinkedListNode<ConnectionContext> node;
        lock (_gate)
        {
            node = _pending.AddLast(connection);
            if (_pending.Count > MaxPending)
            {
                oldest = _pending.First!.Value;
                _pending.RemoveFirst();
            }
        }

        if (oldest is not null)
        {
            oldest.Abort(new ConnectionAbortedException($"more than {MaxPending} connections without a complete request head"));
            NoteClosed();
        }

        return new Pending(this, node);
    }

    private void Leave(LinkedListNode<ConnectionContext> node)
    {
        lock (_gate)
        {
            // Gone already when it was closed as the oldest.
            if (node.List is not null)
            {
                _pending.Remove(node);
            }
        }
    }

    private void NoteClosed()
    {
        long closed;
        lock (_gate)
        {
            _closedSinceLog++;
            long now = _time.GetTimestamp();
            if (_loggedAt is long at && _time.GetElapsedTime(at, now) < LogInterval)
            {
                return;
            }

            closed = _closedSinceLog;
            _closedSinceLog = 0;
            _loggedAt = now;
        }

        Log.PendingConnectionsClosed(_logger, closed, MaxPending);
    }

    /// <summary>A connection counted as pending; dispose once its head is complete or it is over.</summary>
    internal readonly struct Pending : IDisposable
    {
        private readonly PendingRequestHeads _owner;
        private readonly LinkedListNode<ConnectionContext> _node;

        public Pending(PendingRequestHeads owner, LinkedListNode<ConnectionContext> node)
        {
            _owner = owner;
            _node = node;
        }

        public void Dispose() => _owner?.Leave(_node);
    }
}
