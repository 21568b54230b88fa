using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Camstreamd.Streaming;

/// <summary>
/// Sends straight from the shared frame buffer to the viewer's socket: no copy in user space, no
/// per-viewer buffers. The kernel's copy into the socket is the only one, as in the C streamers.
/// Socket.SendAsync reuses one cached operation per socket, so a send allocates nothing.
/// </summary>
internal sealed class SocketPartSink : IPartSink
{
    private readonly Socket _socket;

    // Reused by every gathered send: the two segments of one sendmsg call.
    private readonly ArraySegment<byte>[] _segments = new ArraySegment<byte>[2];

    public SocketPartSink(Socket socket)
    {
        _socket = socket;
    }

    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        _socket.SendAsync(bytes, SocketFlags.None, cancellationToken);

    /// <summary>
    /// One sendmsg with two iovecs (a frame's own header and the shared picture), where two sends would cost two
    /// system calls and, with TCP_NODELAY, a small packet more. Socket.SendAsync has no gathered form that
    /// allocates nothing (its list overload returns a new Task), so this is the synchronous list Send on a socket
    /// switched to non-blocking: it takes what fits in the send buffer now and never waits. Synchronous sends
    /// of up to eight segments allocate nothing.
    /// </summary>
    public int SendNow(ReadOnlyMemory<byte> first, ReadOnlyMemory<byte> second)
    {
        if (!MemoryMarshal.TryGetArray(first, out ArraySegment<byte> firstSegment) || !MemoryMarshal.TryGetArray(second, out ArraySegment<byte> secondSegment))
        {
            return 0;
        }

        if (_socket.Blocking)
        {
            // Async operations do not depend on this flag; only synchronous ones stop waiting.
            _socket.Blocking = false;
        }

        _segments[0] = firstSegment;
        _segments[1] = secondSegment;
        try
        {
            int sent = _socket.Send(_segments, SocketFlags.None, out SocketError error);
            return error == SocketError.Success ? sent : 0;
        }
        finally
        {
            // Frames go back to the pool: hold no reference to their buffers between sends.
            _segments[0] = default;
            _segments[1] = default;
        }
    }
}
