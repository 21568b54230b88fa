using System.Buffers.Binary;
using System.Net.Sockets;

namespace Camstreamd.TestSupport;

/// <summary>
/// A strict reader of the daemon's TCP stream (<c>Tcp:Port</c>) on a raw socket: an 8-byte little-endian
/// length, then exactly that many bytes that must be one whole JPEG (SOI first, EOI last).
/// Strict on purpose: it is how the tests prove the framing.
/// </summary>
public sealed class TcpStreamReader : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private TcpStreamReader(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public Socket Socket => _socket;

    public static async Task<TcpStreamReader> ConnectAsync(int port)
    {
        Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", port).WaitAsync(TimeSpan.FromSeconds(10));
        return new TcpStreamReader(socket);
    }

    /// <summary>The next frame with its arrival time, or null when the server closed the connection between frames.</summary>
    /// <exception cref="InvalidDataException">The stream ended inside a frame, or a frame is not a whole JPEG.</exception>
    public async Task<TcpFrame?> ReadFrameAsync(TimeSpan timeout)
    {
        using CancellationTokenSource deadline = new(timeout);
        byte[] header = new byte[8];
        int got = await ReadAsync(header, deadline.Token);
        if (got == 0)
        {
            return null;
        }

        if (got < header.Length)
        {
            throw new InvalidDataException($"the stream ended after {got} bytes of a length");
        }

        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(header);
        if (length is 0 or > 64 * 1024 * 1024)
        {
            throw new InvalidDataException($"implausible frame length {length}");
        }

        byte[] jpeg = new byte[length];
        got = await ReadAsync(jpeg, deadline.Token);
        if (got < jpeg.Length)
        {
            throw new InvalidDataException($"the stream ended after {got} of {length} bytes of a frame");
        }

        if (jpeg[0] != 0xFF || jpeg[1] != 0xD8 || jpeg[^2] != 0xFF || jpeg[^1] != 0xD9)
        {
            throw new InvalidDataException($"a frame of {length} bytes is not a whole JPEG (starts {jpeg[0]:X2} {jpeg[1]:X2}, ends {jpeg[^2]:X2} {jpeg[^1]:X2})");
        }

        return new TcpFrame(jpeg, DateTimeOffset.UtcNow);
    }

    public void Dispose() => _stream.Dispose();

    private async Task<int> ReadAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = await _stream.ReadAsync(buffer.AsMemory(total), cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
