using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Camstreamd.Streaming;

namespace Camstreamd.Tests.Streaming;

public sealed class SocketPartSinkTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SendNow_HeaderAndPayload_ArriveInOrderFromOneCall()
    {
        (Socket sender, Socket receiver) = await ConnectedPairAsync();
        using (sender)
        using (receiver)
        {
            SocketPartSink sink = new(sender);
            byte[] header = [1, 2, 3, 4, 5, 6, 7, 8];
            byte[] buffer = new byte[1000];
            Random.Shared.NextBytes(buffer);
            ReadOnlyMemory<byte> payload = buffer.AsMemory(100, 500);

            int taken = sink.SendNow(header, payload);

            // An idle connection's send buffer takes 508 bytes whole, in the one call.
            Assert.Equal(header.Length + payload.Length, taken);
            byte[] received = await ReceiveExactlyAsync(receiver, taken);
            Assert.Equal([.. header, .. payload.ToArray()], received);
        }
    }

    [Fact]
    public async Task SendNow_FullSendBuffer_ReturnsZeroWithoutWaiting_AndAsyncSendsStillWork()
    {
        (Socket sender, Socket receiver) = await ConnectedPairAsync();
        using (sender)
        using (receiver)
        {
            sender.SendBufferSize = 4096;
            receiver.ReceiveBufferSize = 4096;
            SocketPartSink sink = new(sender);
            byte[] header = new byte[8];
            byte[] payload = new byte[64 * 1024];
            long total = 0;
            int calls = 0;
            int taken;
            Stopwatch stopwatch = System.Diagnostics.Stopwatch.StartNew();
            do
            {
                // Nobody reads: the buffers fill, and then a call takes nothing instead of blocking.
                taken = sink.SendNow(header, payload);
                total += taken;
                calls++;
            }
            while (taken > 0 && calls < 10_000);

            Assert.Equal(0, taken);
            Assert.True(total > 0, "the first sends should have taken bytes");
            Assert.True(stopwatch.Elapsed < Deadline, $"filling took {stopwatch.Elapsed}");

            // The socket is still usable by the ordinary async path once the reader drains it.
            Task<int> pending = sink.SendAsync(new byte[] { 42 }, CancellationToken.None).AsTask();
            Task drain = ReceiveExactlyAsync(receiver, (int)total + 1);
            Assert.Equal(1, await pending.WaitAsync(Deadline));
            await drain.WaitAsync(Deadline);
        }
    }

    private static async Task<(Socket Sender, Socket Receiver)> ConnectedPairAsync()
    {
        using Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        Socket receiver = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await receiver.ConnectAsync(listener.LocalEndPoint!);
        Socket sender = await listener.AcceptAsync();
        return (sender, receiver);
    }

    private static async Task<byte[]> ReceiveExactlyAsync(Socket socket, int count)
    {
        byte[] received = new byte[count];
        int offset = 0;
        using CancellationTokenSource timeout = new(Deadline);
        while (offset < count)
        {
            int read = await socket.ReceiveAsync(received.AsMemory(offset), SocketFlags.None, timeout.Token);
            Assert.True(read > 0, "the connection ended early");
            offset += read;
        }

        return received;
    }
}
