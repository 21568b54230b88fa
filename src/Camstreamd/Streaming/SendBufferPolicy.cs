using System.Net.Sockets;

namespace Camstreamd.Streaming;

/// <summary>
/// The kernel send buffer of a stream connection, while the viewer keeps up and while it is slow.
/// Small, so a slow viewer's backlog waits in its own drop-oldest queue (where fresher frames replace
/// it) rather than in the socket, where it would only grow old: Linux lets a send buffer grow to 4 MB,
/// 20 s at 200 KB/s. But not smaller than about two frames until then: below that a fast viewer waits
/// for a delayed ACK in the middle of every frame (40 ms on loopback, measured). Linux doubles both values.
/// </summary>
internal static class SendBufferPolicy
{
    private const int MinimumBytes = 64 * 1024;
    private const int SlowViewerBytes = 8 * 1024;

    public static void ForNewViewer(Socket? socket, int newestFrameLength) => Set(socket, Math.Max(MinimumBytes, newestFrameLength));

    /// <summary>For <see cref="PaceTracker"/>'s verdict: small while slow, back to the normal size when it keeps up again.</summary>
    public static void ForPace(Socket? socket, bool slow, int newestFrameLength) =>
        Set(socket, slow ? SlowViewerBytes : Math.Max(MinimumBytes, newestFrameLength));

    private static void Set(Socket? socket, int bytes)
    {
        try
        {
            if (socket is not null)
            {
                socket.SendBufferSize = bytes;
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // The viewer is already gone; its writer notices on the next send.
        }
    }
}
