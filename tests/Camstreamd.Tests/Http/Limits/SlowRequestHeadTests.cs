using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Http.Limits;

/// <summary>
/// The request head's limits on the real server: a client that sends one byte a second is cut after 10 s, on the
/// direct stream path (the first request of a connection) and on Kestrel's (a later one), and so is one that sends
/// nothing; heads too large, with too
/// many fields or too long a request line get Kestrel's 431 and 414.
/// </summary>
public sealed class SlowRequestHeadTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task OneByteASecond_IsCutAfterTenSeconds_OnTheDirectPathAndOnKestrels()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120");
        // Both at once: the test takes one timeout, not two.
        Task<Trickled> direct = TrickleAsync(server.Port, prefix: null);
        Task<Trickled> kestrel = TrickleAsync(server.Port, prefix: "HEAD /healthz HTTP/1.1\r\nHost: camera\r\n\r\n");
        Task<(string Answer, TimeSpan CutAfter)> silent = SilentAsync(server.Port);
        Trickled first = await direct;
        Trickled later = await kestrel;
        (string silentAnswer, TimeSpan silentCut) = await silent;

        Assert.StartsWith("HTTP/1.1 408 Request Timeout", first.Answer, StringComparison.Ordinal);
        Assert.Contains("no complete request head within 10 s", first.Answer, StringComparison.Ordinal);
        // Kestrel answers the first request, then drops the slow second one (with a 408 of its own or without).
        Assert.StartsWith("HTTP/1.1 200 OK", later.Answer, StringComparison.Ordinal);
        // A connection that sends nothing (a browser's preconnect) is closed as quietly, without an answer.
        Assert.Equal("", silentAnswer);
        Assert.InRange(silentCut, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(19));
        foreach (Trickled trickled in new[] { first, later })
        {
            Assert.InRange(trickled.CutAfter, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(19));
            Assert.InRange(trickled.BytesSent, 7, 19);
        }
    }

    [Theory]
    [InlineData("/stream", 9 * 1024, 1, "431")]
    [InlineData("/state", 9 * 1024, 1, "431")]
    [InlineData("/stream", 10, 40, "431")]
    [InlineData("/stream?x=LONG", 10, 1, "414")]
    public async Task AHeadOverTheLimits_IsRefusedWithTheStatusThatSaysWhich(string path, int fieldLength, int fields, string status)
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120");
        StringBuilder head = new($"GET {path.Replace("LONG", new string('a', 5 * 1024), StringComparison.Ordinal)} HTTP/1.1\r\nHost: camera\r\n");
        for (int i = 0; i < fields; i++)
        {
            head.Append($"X-Field-{i}: {new string('v', fieldLength)}\r\n");
        }

        using Socket socket = await LoopbackSocket.ConnectAsync(server.Port, LoopbackSocket.Address(1), Timeout);
        await LoopbackSocket.SendAsync(socket, head.Append("\r\n").ToString());
        string answer = await LoopbackSocket.ReadToEndAsync(socket, Timeout);

        Assert.StartsWith($"HTTP/1.1 {status}", answer, StringComparison.Ordinal);
    }

    private static async Task<(string Answer, TimeSpan CutAfter)> SilentAsync(int port)
    {
        using Socket socket = await LoopbackSocket.ConnectAsync(port, LoopbackSocket.Address(1), Timeout);
        long started = Stopwatch.GetTimestamp();
        string answer = await LoopbackSocket.ReadToEndAsync(socket, Timeout);
        return (answer, Stopwatch.GetElapsedTime(started));
    }

    private static async Task<Trickled> TrickleAsync(int port, string? prefix)
    {
        using Socket socket = await LoopbackSocket.ConnectAsync(port, LoopbackSocket.Address(1), Timeout);
        StringBuilder answer = new();
        if (prefix is not null)
        {
            await LoopbackSocket.SendAsync(socket, prefix);
            answer.Append(await LoopbackSocket.ReadHeadAsync(socket, Timeout));
        }

        long started = Stopwatch.GetTimestamp();
        using CancellationTokenSource stop = new();
        byte[] head = Encoding.ASCII.GetBytes("GET /stream HTTP/1.1\r\nHost: camera\r\nUser-Agent: slow\r\n\r\n");
        int sent = 0;
        Task trickle = Task.Run(async () =>
        {
            try
            {
                while (sent < head.Length)
                {
                    await socket.SendAsync(head.AsMemory(sent, 1), SocketFlags.None, stop.Token);
                    sent++;
                    await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Cut, or the test is over.
            }
        });
        answer.Append(await LoopbackSocket.ReadToEndAsync(socket, Timeout));
        TimeSpan cutAfter = Stopwatch.GetElapsedTime(started);
        await stop.CancelAsync();
        await trickle;
        return new Trickled(answer.ToString(), cutAfter, sent);
    }

    private sealed record Trickled(string Answer, TimeSpan CutAfter, int BytesSent);
}
