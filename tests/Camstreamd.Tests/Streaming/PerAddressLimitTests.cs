using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Streaming;

/// <summary>
/// <c>Streaming:MaxClientsPerAddress</c> on the real daemon: every stream kind (MJPEG on the direct path and on
/// Kestrel's, GIF, TCP readers) counts against one limit per IP address; a refused HTTP viewer gets 429 with the
/// reason and Retry-After, a refused TCP reader is closed at once; each refusal is one log line; other addresses
/// are still served. Clients come from several 127.0.0.0/8 addresses.
/// </summary>
public sealed class PerAddressLimitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private const string StreamRequest = "GET /stream HTTP/1.1\r\nHost: camera\r\n\r\n";

    [Fact]
    public async Task Streams_OverThePerAddressLimit_AreRefusedWith429AndOneLogLine_WhileOtherAddressesAreServed()
    {
        int port = DaemonProcess.FreePort();
        int tcpPort = DaemonProcess.FreePort();
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(port,
            "--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120", "--Camera:FramesPerSecond=10",
            "--Streaming:MaxClientsPerAddress=2", "--Gif:Enabled=true", $"--Tcp:Port={tcpPort}");
        IPAddress crowded = LoopbackSocket.Address(2);
        IPAddress other = LoopbackSocket.Address(3);
        List<Socket> held = new();
        try
        {
            // One MJPEG viewer on the direct path and one TCP reader fill 127.0.0.2's two places.
            Socket first = await LoopbackSocket.ConnectAsync(port, crowded, Timeout);
            held.Add(first);
            await LoopbackSocket.SendAsync(first, StreamRequest);
            Assert.StartsWith("HTTP/1.1 200 OK", await LoopbackSocket.ReadHeadAsync(first, Timeout), StringComparison.Ordinal);
            Socket reader = await LoopbackSocket.ConnectAsync(tcpPort, crowded, Timeout);
            held.Add(reader);
            await Eventually.TrueAsync(async () => await CountStreamsFromAsync(daemon, "127.0.0.2") == 2, Timeout, () => $"127.0.0.2 does not hold 2 streams: {daemon.Output}");

            // The third stream from 127.0.0.2, of any kind, is refused.
            string direct = await RefusedAsync(port, crowded, StreamRequest);
            string gif = await RefusedAsync(port, crowded, "GET /stream.gif HTTP/1.1\r\nHost: camera\r\nConnection: close\r\n\r\n");
            // A stream asked for as the second request of a connection goes through Kestrel's pipeline.
            string kestrel = await RefusedAsync(port, crowded, "GET /healthz HTTP/1.1\r\nHost: camera\r\n\r\nGET /stream HTTP/1.1\r\nHost: camera\r\nConnection: close\r\n\r\n");
            foreach (string refused in new[] { direct, gif, kestrel })
            {
                Assert.Contains("HTTP/1.1 429 Too Many Requests", refused, StringComparison.Ordinal);
                Assert.Contains("Retry-After: 5", refused, StringComparison.OrdinalIgnoreCase);
                Assert.Contains("too many streams from 127.0.0.2: Streaming:MaxClientsPerAddress is 2", refused, StringComparison.Ordinal);
            }

            using (Socket refusedReader = await LoopbackSocket.ConnectAsync(tcpPort, crowded, Timeout))
            {
                // Closed at once, before any frame.
                Assert.Equal("", await LoopbackSocket.ReadToEndAsync(refusedReader, Timeout));
            }

            // Another address is served as usual, on every kind.
            Socket served = await LoopbackSocket.ConnectAsync(port, other, Timeout);
            held.Add(served);
            await LoopbackSocket.SendAsync(served, StreamRequest);
            Assert.StartsWith("HTTP/1.1 200 OK", await LoopbackSocket.ReadHeadAsync(served, Timeout), StringComparison.Ordinal);
            Socket servedGif = await LoopbackSocket.ConnectAsync(port, other, Timeout);
            held.Add(servedGif);
            await LoopbackSocket.SendAsync(servedGif, "GET /stream.gif HTTP/1.1\r\nHost: camera\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 200 OK", await LoopbackSocket.ReadHeadAsync(servedGif, Timeout), StringComparison.Ordinal);

            // One warning per refusal (four), naming the address and the key.
            await Eventually.TrueAsync(() => RefusalLines(daemon).Count == 4, Timeout, () => $"expected 4 refusal lines: {daemon.Output}");
            Assert.All(RefusalLines(daemon), line => Assert.Contains("127.0.0.2", line, StringComparison.Ordinal));

            // A place freed is a place taken again.
            first.Dispose();
            await Eventually.TrueAsync(async () => await CountStreamsFromAsync(daemon, "127.0.0.2") == 1, Timeout, () => $"the closed viewer is still counted: {daemon.Output}");
            Socket again = await LoopbackSocket.ConnectAsync(port, crowded, Timeout);
            held.Add(again);
            await LoopbackSocket.SendAsync(again, StreamRequest);
            Assert.StartsWith("HTTP/1.1 200 OK", await LoopbackSocket.ReadHeadAsync(again, Timeout), StringComparison.Ordinal);
        }
        finally
        {
            held.ForEach(socket => socket.Dispose());
        }
    }

    private static async Task<string> RefusedAsync(int port, IPAddress from, string request)
    {
        using Socket socket = await LoopbackSocket.ConnectAsync(port, from, Timeout);
        await LoopbackSocket.SendAsync(socket, request);
        return await LoopbackSocket.ReadToEndAsync(socket, Timeout);
    }

    private static List<string> RefusalLines(DaemonProcess daemon) =>
        [.. daemon.Output.Split('\n').Where(line => line.Contains("the limit Streaming:MaxClientsPerAddress", StringComparison.Ordinal))];

    private static async Task<int> CountStreamsFromAsync(DaemonProcess daemon, string host)
    {
        using HttpClient http = new() { BaseAddress = daemon.BaseAddress, Timeout = Timeout };
        string state = await http.GetStringAsync(new Uri("state", UriKind.Relative));
        using JsonDocument json = System.Text.Json.JsonDocument.Parse(state);
        return json.RootElement.GetProperty("stream").GetProperty("clients").EnumerateArray()
            .Count(client => client.GetProperty("address").GetString()!.StartsWith(host + ":", StringComparison.Ordinal));
    }
}
