using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Camstreamd.Streaming;

/// <summary>
/// Sends straight from the shared frame buffer to the viewer's socket: no copy in user space, no
/// per-viewer buffers. The kernel's copy into the socket is the only one, as in the C streamers.
/// </summary>
internal sealed class SocketPartSink : IPartSink
{
    private readonly Socket _socket;

    public SocketPartSink(Socket socket)
    {
        _socket = socket;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            while (!bytes.IsEmpty)
            {
                int sent = await _socket.SendAsync(bytes, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (sent <= 0)
                {
                    return false;
                }

                bytes = bytes[sent..];
            }

            return true;
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }
}
