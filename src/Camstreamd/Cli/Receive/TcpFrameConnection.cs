using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;

namespace Camstreamd.Cli.Receive;

/// <summary>
/// camstreamd's TCP stream (<c>Tcp:Port</c>): per frame an 8-byte little-endian length, then the JPEG. The wire
/// carries no capture time, so a frame's time is its arrival.
/// </summary>
internal sealed class TcpFrameConnection : IFrameConnection
{
    private readonly Stream _stream;
    private readonly BufferedByteReader _reader;
    private readonly string _display;
    private readonly byte[] _length = new byte[sizeof(ulong)];

    private TcpFrameConnection(Stream stream, string display)
    {
        _stream = stream;
        _reader = new BufferedByteReader(stream);
        _display = display;
    }

    public static async Task<IFrameConnection> ConnectAsync(StreamUrl url, CancellationToken cancellationToken)
    {
        Socket socket = new(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(url.Uri.IdnHost, url.Uri.Port, cancellationToken).ConfigureAwait(false);
            return new TcpFrameConnection(new NetworkStream(socket, ownsSocket: true), url.Display);
        }
        catch (SocketException exception)
        {
            socket.Dispose();
            throw new ConnectionLost($"cannot connect: {exception.Message}", exception);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The reader over any byte stream (the fuzz target's memory); <see cref="ConnectAsync"/> is the real way in.</summary>
    public static TcpFrameConnection Over(Stream stream, string display) => new(stream, display);

    public async ValueTask ReadFrameAsync(FrameBuffer frame, CancellationToken cancellationToken)
    {
        try
        {
            if (!await _reader.ReadExactlyAsync(_length, cancellationToken).ConfigureAwait(false))
            {
                throw new ConnectionLost("the sender closed the connection");
            }

            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(_length);
            if (length > FrameBuffer.MaxFrameBytes)
            {
                throw new ReceiveFailure(
                    ReceiveExitCode.DataError,
                    string.Create(CultureInfo.InvariantCulture, $"{_display} announced a frame of {length} bytes, over the 64 MiB limit: is it camstreamd's TCP stream (Tcp:Port, an 8-byte little-endian length before each JPEG)?"));
            }

            if (!await _reader.ReadExactlyAsync(frame.Reset((int)length), cancellationToken).ConfigureAwait(false))
            {
                throw new ConnectionLost("the sender closed the connection in the middle of a frame");
            }
        }
        catch (IOException exception)
        {
            throw new ConnectionLost($"connection lost: {exception.InnerException?.Message ?? exception.Message}", exception);
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
