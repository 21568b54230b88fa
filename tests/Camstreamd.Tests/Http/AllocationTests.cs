using System.Net.Sockets;
using System.Text;
using Camstreamd.Streaming;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Http;

/// <summary>
/// The per-frame path allocates nothing: the real daemon, in its own process (so the test's own
/// allocations don't count), streams to viewers while its managed allocation counter is read.
/// A GIF viewer is connected too: what the GIF encoder (ImageSharp) allocates is the GIF path's own,
/// counted apart by the daemon and taken off; everything else must stay allocation-free.
/// </summary>
public sealed partial class AllocationTests
{
    [Theory]
    [InlineData(ViewerKind.Mjpeg)]
    [InlineData(ViewerKind.Tcp)]
    public async Task Streaming_AllocatesNothingPerFrame(string kind)
    {
        int tcpPort = DaemonProcess.FreePort();
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(DaemonProcess.FreePort(), "--Camera:Source=testpattern", "--Camera:Width=320", "--Camera:Height=240", "--Camera:FramesPerSecond=30", "--Streaming:IdleTimeout=0", $"--Tcp:Port={tcpPort}", "--Gif:FramesPerSecond=2",
            // Nine viewers from this one address, over the default per-address limit of 8.
            "--Streaming:MaxClientsPerAddress=16");
        using HttpClient http = new() { BaseAddress = daemon.BaseAddress };
        List<Socket> viewers = new();
        using CancellationTokenSource reading = new();
        List<Task<long>> readers = new();
        for (int i = 0; i < 8; i++)
        {
            Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
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

        Socket gif = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await gif.ConnectAsync("127.0.0.1", daemon.BaseAddress.Port);
        await gif.SendAsync(Encoding.ASCII.GetBytes("GET /stream.gif HTTP/1.1\r\nHost: test\r\n\r\n"));
        viewers.Add(gif);
        GifArrivals gifFrames = new();
        readers.Add(DrainAsync(gif, reading.Token, gifFrames));

        // Warm up: pools fill, code is jitted, every viewer is flowing.
        await Task.Delay(TimeSpan.FromSeconds(3));
        // Reading /metrics allocates too (tens of KB): measure what one read costs and take it off.
        (long first, _) = await ReadCountersAsync(http, gifFrames);
        (long second, _) = await ReadCountersAsync(http, gifFrames);
        (long third, _) = await ReadCountersAsync(http, gifFrames);
        long costOfOneRead = Math.Max(second - first, third - second);
        // Two windows: an allocation per frame shows in both, while the daemon's own one-off noise on a
        // loaded machine (a thread the pool adds takes a fresh 8 KB allocation context) shows in one.
        long gifFramesBefore = gifFrames.Count;
        (long allocated, long sent) firstWindow = await MeasureWindowAsync(http, costOfOneRead, gifFrames);
        (long allocated, long sent) secondWindow = await MeasureWindowAsync(http, costOfOneRead, gifFrames);
        long gifFramesSeen = gifFrames.Count - gifFramesBefore;

        await reading.CancelAsync();
        foreach (Socket socket in viewers)
        {
            socket.Dispose();
        }

        Assert.True(gifFramesSeen >= 16, $"the GIF viewer got only {gifFramesSeen} reads of data in 16 s: it was not streaming");
        (long allocated, long sent) quieter = firstWindow.allocated <= secondWindow.allocated ? firstWindow : secondWindow;
        Assert.True(Math.Min(firstWindow.sent, secondWindow.sent) >= 8 * 30 * 6, $"only {firstWindow.sent} and {secondWindow.sent} frames were sent in 8 s");
        // The counter moves in allocation-context chunks (8 KB per thread), hence some slack; one small
        // object per frame sent would be about 2,000 × 40 bytes, well over it (measured before a fix: 100+ bytes per frame).
        Assert.True(
            quieter.allocated < 48 * 1024,
            $"{quieter.allocated} bytes allocated while sending {quieter.sent} frames ({(double)quieter.allocated / quieter.sent:0.0} per frame sent); the other window: {firstWindow.allocated + secondWindow.allocated - quieter.allocated} bytes");
    }

    private static async Task<(long Allocated, long Sent)> MeasureWindowAsync(HttpClient http, long costOfOneRead, GifArrivals gifFrames)
    {
        (long allocatedBefore, long sentBefore) = await ReadCountersAsync(http, gifFrames);
        await Task.Delay(TimeSpan.FromSeconds(8));
        (long allocatedAfter, long sentAfter) = await ReadCountersAsync(http, gifFrames);
        return (allocatedAfter - allocatedBefore - costOfOneRead, sentAfter - sentBefore);
    }

    private static async Task<long> DrainAsync(Socket socket, CancellationToken cancellationToken, GifArrivals? arrivals = null)
    {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
            {
                total += read;
                arrivals?.Arrived();
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        return total;
    }

    /// <summary>
    /// Read just after a GIF frame arrived: the encoder (2 fps) is then idle for about half a second, so
    /// its own count of what it allocated is complete when the daemon's total is read beside it.
    /// </summary>
    private static async Task<(long Allocated, long Sent)> ReadCountersAsync(HttpClient http, GifArrivals gifFrames)
    {
        await gifFrames.NextAsync(TimeSpan.FromSeconds(30));
        string metrics = await http.GetStringAsync("/metrics");
        return (Counter(metrics, "camstreamd_gc_allocated_bytes_total") - Counter(metrics, "camstreamd_gif_allocated_bytes_total"), Counter(metrics, "camstreamd_frames_sent_total"));
    }

    /// <summary>Counts reads of data on the GIF viewer's socket, and lets the test wait for the next one.</summary>
    private sealed class GifArrivals
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public void Arrived() => Interlocked.Increment(ref _count);

        public async Task NextAsync(TimeSpan timeout)
        {
            long seen = Count;
            await Eventually.TrueAsync(() => Count > seen, timeout, () => "no GIF frame arrived");
        }
    }

    private static long Counter(string metrics, string name) => (long)MetricsText.Value(metrics, name);
}
