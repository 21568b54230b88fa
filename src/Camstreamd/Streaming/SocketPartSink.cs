using System.Net.Sockets;

namespace Camstreamd.Streaming;

/// <summary>
/// Sends straight from the shared frame buffer to the viewer's socket: no copy in user space, no
/// per-viewer buffers. The kernel's copy into the socket is the only one, as in the C streamers.
/// Socket.SendAsync reuses one cached operation per socket, so a send allocates nothing.
/// </summary>
internal sealed class SocketPartSink : IPartSink
{
    private readonly Socket _socket;

    public SocketPartSink(Socket socket)
    {
        _socket = socket;
    }

    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        _socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
}
