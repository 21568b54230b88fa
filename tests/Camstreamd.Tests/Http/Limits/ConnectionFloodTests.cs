using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Camstreamd.Http.Limits;
using Camstreamd.TestSupport;
using Xunit.Abstractions;

namespace Camstreamd.Tests.Http.Limits;

/// <summary>
/// 2 000 connections opened and held against the real daemon binary, from one 127.0.0.0/8 address and from 200:
/// half send nothing, half an unfinished request head. Meanwhile the viewers already watching get every frame the
/// source makes (at least 99 %, counted by the daemon per viewer against the frames captured in the same window, so a
/// slow shared machine slows the source, not the verdict), a new viewer still gets in, the daemon holds no more than
/// <see cref="PendingRequestHeads.MaxPending"/> of the flood, stays under 120 MB resident, and its descriptors return
/// to their baseline once the flood is gone. The daemon runs as configured by default: a queue of 2 frames per viewer.
/// </summary>
[Collection(nameof(ConnectionFloodTests))]
public sealed class ConnectionFloodTests
{
    private const int Connections = 2000;
    private const long MaxResidentBytes = 120L * 1024 * 1024;
    private const int ViewerCount = 2;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(6);

    /// <summary>
    /// The daemon and its viewers run at nice -10 (as root; elsewhere nice warns and runs them as they are), ahead of
    /// whatever else the machine runs: what is measured is the flood's cost inside the daemon, which handles the flood's
    /// connections (opened by the test process, at normal priority) at its own priority. Before the viewer wake thread,
    /// other programs' work alone (a shared machine at load 12 to 27) held the writers off a core for 80 to 370 ms and
    /// this test failed 3 of 26 control windows without any flood at the default queue. Since, at load 9 to 12
    /// (another test suite and two busy loops), 6 of 6 flood windows at normal priority and 10 of 10 at nice -10
    /// delivered every frame.
    /// </summary>
    private static readonly string[] AheadOfTheMachine = ["nice", "-n", "-10"];

    private readonly ITestOutputHelper _output;

    public ConnectionFloodTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(200)]
    public async Task Flood_Of2000HeldConnections_KeepsViewersAtTheSourceRate_MemoryBounded_AndReturnsEveryDescriptor(int addresses)
    {
        // The flood's sockets and the daemon's (it inherits the limit) need more than the common 1 024.
        Assert.True(ProcessResources.EnsureDescriptorLimit(8192) >= Connections + 512, "cannot raise the descriptor limit for the flood");
        int port = DaemonProcess.FreePort();
        // The default queue of 2 frames (80 ms at 25 fps).
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(new DaemonStart { Launcher = AheadOfTheMachine }, port,
            "--Camera:Source=testpattern", "--Camera:Width=320", "--Camera:Height=240", "--Camera:FramesPerSecond=25");
        using HttpClient http = new() { BaseAddress = daemon.BaseAddress, Timeout = Timeout };
        using CancellationTokenSource stop = new();
        // The normal viewers are curl, in processes of their own: what the flood costs the test process is not theirs.
        List<Process> viewers = [.. Enumerable.Range(0, ViewerCount).Select(_ => StartCurl(daemon.BaseAddress))];
        try
        {
            await FloodAsync(daemon, http, port, addresses, stop);
        }
        finally
        {
            foreach (Process viewer in viewers)
            {
                viewer.Kill();
                await viewer.WaitForExitAsync().WaitAsync(Timeout);
                viewer.Dispose();
            }
        }
    }

    private async Task FloodAsync(DaemonProcess daemon, HttpClient http, int port, int addresses, CancellationTokenSource stop)
    {
        await Eventually.TrueAsync(
            async () => (await Snapshot.TakeAsync(http)).Viewers.Values.Count(v => v.Delivered >= 10) == ViewerCount,
            Timeout,
            () => $"the curl viewers got no frames: {daemon.Output}");

        // Warm up (and compile) what the flood runs: more than MaxPending connections, half with an unfinished head;
        // then the descriptor baseline.
        await HoldAsync(port, PendingRequestHeads.MaxPending + 100, addresses, TimeSpan.FromMilliseconds(500));
        int baseline = await SettledDescriptorsAsync(daemon.ProcessId);
        Dictionary<string, string> baselineDescriptors = ProcessResources.DescribeDescriptors(daemon.ProcessId);
        long idleResident = ProcessResources.ResidentBytes(daemon.ProcessId);
        // The same window without a flood, for the record (not asserted): the source's own rate on this machine now.
        Snapshot quietStart = await Snapshot.TakeAsync(http);
        await Task.Delay(Hold);
        Snapshot quietEnd = await Snapshot.TakeAsync(http);
        foreach (string viewer in quietEnd.Viewers.Keys.Intersect(quietStart.Viewers.Keys))
        {
            (long delivered, long dropped) = quietEnd.Viewers[viewer].Minus(quietStart.Viewers[viewer]);
            _output.WriteLine($"control without flood, viewer {viewer}: {delivered} of {quietEnd.Captured - quietStart.Captured} frames delivered, {dropped} dropped");
        }

        Snapshot before = await Snapshot.TakeAsync(http);
        long windowStart = Stopwatch.GetTimestamp();
        string[] viewers = [.. before.Viewers.Keys];

        Peak peak = new(daemon.ProcessId);
        Task sampling = peak.SampleAsync(stop.Token);
        Flood flood = await OpenFloodAsync(port, Connections, addresses);
        try
        {
            _output.WriteLine($"flood: {flood.Held.Count} connections held, {flood.Reset} reset by the daemon while connecting");
            Assert.Equal(Connections, flood.Held.Count + flood.Reset);
            // The daemon holds at most MaxPending of them (it closes the longest-waiting), long before their 10 s run out.
            await Eventually.TrueAsync(
                () => ProcessResources.OpenDescriptors(daemon.ProcessId) <= baseline + PendingRequestHeads.MaxPending + 16,
                TimeSpan.FromSeconds(8),
                () => $"the daemon holds {ProcessResources.OpenDescriptors(daemon.ProcessId)} descriptors, baseline {baseline}");
            // A new viewer still gets in and sees a frame.
            using (Socket late = await LoopbackSocket.ConnectAsync(port, IPAddress.Loopback, Timeout))
            {
                await LoopbackSocket.SendAsync(late, "GET /stream HTTP/1.1\r\nHost: camera\r\n\r\n");
                MultipartPart? part = await new MultipartReader(await SkipHeadAsync(late), "camstreamdframe").ReadPartAsync(stop.Token).WaitAsync(Timeout);
                Assert.NotNull(part);
            }

            await Task.Delay(Hold);
            Snapshot after = await Snapshot.TakeAsync(http);
            long captured = after.Captured - before.Captured;
            _output.WriteLine($"source: {captured} frames in {Stopwatch.GetElapsedTime(windowStart).TotalSeconds:0.0} s (25 configured)");
            Assert.True(captured >= 50, $"the source made only {captured} frames during the flood: nothing was measured");
            foreach (string viewer in viewers)
            {
                (long delivered, long dropped) = after.Viewers[viewer].Minus(before.Viewers[viewer]);
                _output.WriteLine($"viewer {viewer}: {delivered} of {captured} frames delivered ({100.0 * delivered / captured:0.0} %), {dropped} dropped");
                // One frame may be between "captured" and "queued" at either snapshot.
                Assert.True(delivered >= (0.99 * captured) - 1, $"viewer {viewer} got {delivered} of {captured} frames during the flood");
                Assert.True(dropped <= 0.01 * captured, $"viewer {viewer} lost {dropped} of {captured} frames during the flood");
            }
        }
        finally
        {
            flood.Dispose();
        }

        await Eventually.TrueAsync(
            () => ProcessResources.OpenDescriptors(daemon.ProcessId) <= baseline,
            Timeout,
            () => $"the daemon's descriptors did not return to {baseline}: {ProcessResources.OpenDescriptors(daemon.ProcessId)}; new: "
                + string.Join(", ", ProcessResources.DescribeDescriptors(daemon.ProcessId).Where(d => !baselineDescriptors.TryGetValue(d.Key, out string? was) || was != d.Value).Select(d => $"{d.Key} -> {d.Value}"))
                + $"; /proc/net/tcp rows of port {port}: " + string.Join(" | ", File.ReadLines("/proc/net/tcp").Where(l => l.Contains($":{port:X4} ", StringComparison.Ordinal)).Take(20)));
        await stop.CancelAsync();
        await sampling;
        _output.WriteLine($"{addresses} address(es): descriptors baseline {baseline}, peak {peak.Descriptors}, after {ProcessResources.OpenDescriptors(daemon.ProcessId)}; resident idle {idleResident >> 20} MB, peak {peak.Resident >> 20} MB");
        Assert.True(peak.Resident < MaxResidentBytes, $"the daemon's resident memory peaked at {peak.Resident >> 20} MB during the flood");
    }

    private static async Task HoldAsync(int port, int count, int addresses, TimeSpan hold)
    {
        Flood flood = await OpenFloodAsync(port, count, addresses);
        await Task.Delay(hold);
        flood.Dispose();
    }

    // Opened 16 at a time, as fast as the daemon accepts; half send an unfinished head. The daemon may reset one
    // (closing the longest-waiting) before the client has seen its connect complete: opened all the same, not held.
    private static async Task<Flood> OpenFloodAsync(int port, int count, int addresses)
    {
        Socket?[] sockets = new Socket?[count];
        int reset = 0;
        using SemaphoreSlim gate = new(16);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                IPAddress from = LoopbackSocket.Address(2 + (i % addresses));
                Socket socket = await LoopbackSocket.ConnectAsync(port, from, Timeout);
                sockets[i] = socket;
                if (i % 2 == 1)
                {
                    await socket.SendAsync("GET /stream HTTP/1.1\r\nHost: camera\r\n"u8.ToArray(), SocketFlags.None);
                }
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
            {
                if (sockets[i] is null)
                {
                    Interlocked.Increment(ref reset);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return new Flood([.. sockets.OfType<Socket>()], reset);
    }

    private static async Task<int> SettledDescriptorsAsync(int pid)
    {
        int previous = -1;
        int current = ProcessResources.OpenDescriptors(pid);
        for (int i = 0; i < 100 && current != previous; i++)
        {
            await Task.Delay(200);
            (previous, current) = (current, ProcessResources.OpenDescriptors(pid));
        }

        return current;
    }

    private sealed record Flood(List<Socket> Held, int Reset) : IDisposable
    {
        public void Dispose() => Held.ForEach(socket => socket.Dispose());
    }

    /// <summary>The highest descriptor count and resident memory of a process, sampled every 100 ms.</summary>
    private sealed class Peak(int pid)
    {
        public int Descriptors { get; private set; }

        public long Resident { get; private set; }

        public async Task SampleAsync(CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                Descriptors = Math.Max(Descriptors, ProcessResources.OpenDescriptors(pid));
                Resident = Math.Max(Resident, ProcessResources.ResidentBytes(pid));
                try
                {
                    await Task.Delay(100, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
    }

    /// <summary>/state's frames captured and, per viewer address, frames sent or queued and dropped.</summary>
    private sealed record Snapshot(long Captured, Dictionary<string, ViewerCounts> Viewers)
    {
        public static async Task<Snapshot> TakeAsync(HttpClient http)
        {
            using JsonDocument state = JsonDocument.Parse(await http.GetStringAsync(new Uri("state", UriKind.Relative)));
            JsonElement stream = state.RootElement.GetProperty("stream");
            return new Snapshot(
                stream.GetProperty("framesCaptured").GetInt64(),
                stream.GetProperty("clients").EnumerateArray()
                    .Where(client => client.GetProperty("address").GetString()!.StartsWith("127.0.0.1:", StringComparison.Ordinal))
                    .ToDictionary(
                    client => client.GetProperty("address").GetString()!,
                    client => new ViewerCounts(client.GetProperty("sent").GetInt64() + client.GetProperty("queued").GetInt64(), client.GetProperty("dropped").GetInt64())));
        }
    }

    private sealed record ViewerCounts(long Delivered, long Dropped)
    {
        public (long Delivered, long Dropped) Minus(ViewerCounts earlier) => (Delivered - earlier.Delivered, Dropped - earlier.Dropped);
    }

    private static async Task<Stream> SkipHeadAsync(Socket socket)
    {
        Assert.StartsWith("HTTP/1.1 200 OK", await LoopbackSocket.ReadHeadAsync(socket, Timeout), StringComparison.Ordinal);
        return new NetworkStream(socket, ownsSocket: false);
    }

    private static Process StartCurl(Uri baseAddress)
    {
        ProcessStartInfo start = new(AheadOfTheMachine[0]) { UseShellExecute = false, RedirectStandardError = true };
        string[] command = [.. AheadOfTheMachine[1..], "curl", "--silent", "--no-buffer", "--max-time", "300", "--output", "/dev/null", new Uri(baseAddress, "stream").ToString()];
        foreach (string argument in command)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("curl did not start");
    }
}
