using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Camstreamd.Streaming;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Http;

/// <summary>
/// The per-frame path allocates nothing: the real daemon, in its own process (so the test's own
/// allocations don't count), streams to viewers while its managed allocation counter is read.
/// </summary>
public sealed partial class AllocationTests
{
    [Theory]
    [InlineData(ViewerKind.Mjpeg)]
    [InlineData(ViewerKind.Tcp)]
    public async Task Streaming_AllocatesNothingPerFrame(string kind)
    {
        int tcpPort = DaemonProcess.FreePort();
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(DaemonProcess.FreePort(), "--Camera:Source=testpattern", "--Camera:Width=320", "--Camera:Height=240", "--Camera:FramesPerSecond=30", "--Streaming:IdleTimeout=0", $"--Tcp:Port={tcpPort}");
        using var http = new HttpClient { BaseAddress = daemon.BaseAddress };
        var viewers = new List<Socket>();
        using var reading = new CancellationTokenSource();
        var readers = new List<Task<long>>();
        for (int i = 0; i < 8; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            if (kind == ViewerKind.Tcp)
            {
                // The TCP stream (Tcp:Port): no request, frames at once.
                await socket.ConnectAsync("127.0.0.1", tcpPort);
            }
            else
            {
                await socket.ConnectAsync("127.0.0.1", daemon.BaseAddress.Port);
                await socket.SendAsync(Encoding.ASCII.GetBytes("GET /stream HTTP/1.1\r\nHost: test\r\n\r\n"));
            }

            viewers.Add(socket);
            readers.Add(DrainAsync(socket, reading.Token));
        }

        // Warm up: pools fill, code is jitted, every viewer is flowing.
        await Task.Delay(TimeSpan.FromSeconds(3));
        // Reading /metrics allocates too (tens of KB): measure what one read costs and take it off.
        (long first, _) = await ReadCountersAsync(http);
        (long second, _) = await ReadCountersAsync(http);
        (long third, _) = await ReadCountersAsync(http);
        long costOfOneRead = Math.Max(second - first, third - second);
        // Two windows: an allocation per frame shows in both, while the daemon's own one-off noise on a
        // loaded machine (a thread the pool adds takes a fresh 8 KB allocation context) shows in one.
        (long allocated, long sent) firstWindow = await MeasureWindowAsync(http, costOfOneRead);
        (long allocated, long sent) secondWindow = await MeasureWindowAsync(http, costOfOneRead);

        await reading.CancelAsync();
        foreach (Socket socket in viewers)
        {
            socket.Dispose();
        }

        (long allocated, long sent) quieter = firstWindow.allocated <= secondWindow.allocated ? firstWindow : secondWindow;
        Assert.True(Math.Min(firstWindow.sent, secondWindow.sent) >= 8 * 30 * 6, $"only {firstWindow.sent} and {secondWindow.sent} frames were sent in 8 s");
        // The counter moves in allocation-context chunks (8 KB per thread), hence some slack; one small
        // object per frame sent would be about 2,000 × 40 bytes, well over it (measured before a fix: 100+ bytes per frame).
        Assert.True(
            quieter.allocated < 48 * 1024,
            $"{quieter.allocated} bytes allocated while sending {quieter.sent} frames ({(double)quieter.allocated / quieter.sent:0.0} per frame sent); the other window: {firstWindow.allocated + secondWindow.allocated - quieter.allocated} bytes");
    }

    private static async Task<(long Allocated, long Sent)> MeasureWindowAsync(HttpClient http, long costOfOneRead)
    {
        (long allocatedBefore, long sentBefore) = await ReadCountersAsync(http);
        await Task.Delay(TimeSpan.FromSeconds(8));
        (long allocatedAfter, long sentAfter) = await ReadCountersAsync(http);
        return (allocatedAfter - allocatedBefore - costOfOneRead, sentAfter - sentBefore);
    }

    private static async Task<long> DrainAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
            {
                total += read;
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        return total;
    }

    private static async Task<(long Allocated, long Sent)> ReadCountersAsync(HttpClient http)
    {
        string metrics = await http.GetStringAsync("/metrics");
        return (Counter(metrics, "camstreamd_gc_allocated_bytes_total"), Counter(metrics, "camstreamd_frames_sent_total"));
    }

    private static long Counter(string metrics, string name)
    {
        Match match = Regex.Match(metrics, $@"^{name} (\d+(?:\.\d+)?)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"{name} is missing from /metrics");
        return (long)double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
