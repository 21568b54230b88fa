using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Camstreamd.Capture;
using Camstreamd.Streaming;
using Camstreamd.Streaming.Tcp;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Streaming.Tcp;

/// <summary>The TCP stream (<c>Tcp:Port</c>) of the real server on 127.0.0.1, read by real clients on raw sockets and by Python.</summary>
public sealed class TcpStreamTests
{
    private static readonly TimeSpan FrameTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task PythonSocketReceiver_DecodesThirtyFramesOfTheConfiguredSize()
    {
        int tcpPort = DaemonProcess.FreePort();
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(
            "--Camera:Source=testpattern", "--Camera:Width=640", "--Camera:Height=360", "--Camera:FramesPerSecond=20", $"--Tcp:Port={tcpPort}");

        ProcessResult result = await ProcessRunner.RunAsync(
            "/usr/bin/python3",
            [Path.Combine(AppContext.BaseDirectory, "Streaming", "Tcp", "socket_receiver.py"), "127.0.0.1", tcpPort.ToString(CultureInfo.InvariantCulture), "30"],
            TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.Output);
        string[] sizes = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(30, sizes.Length);
        Assert.All(sizes, size => Assert.Equal("640x360", size));
    }

    [Fact]
    public async Task RawReader_GetsLengthPrefixedWholeJpegs_EachCapturedWithinASecondOfItsArrival()
    {
        int tcpPort = DaemonProcess.FreePort();
        // A deep queue for the HTTP viewer, which only serves to learn each frame's capture time (X-Timestamp).
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(
            "--Camera:Source=testpattern", "--Camera:Width=320", "--Camera:Height=240", "--Camera:FramesPerSecond=20", "--Streaming:ClientQueueCapacity=32", $"--Tcp:Port={tcpPort}");
        using HttpResponseMessage response = await server.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
        MultipartReader http = new(await response.Content.ReadAsStreamAsync(), "camstreamdframe");
        Dictionary<string, DateTimeOffset> capturedAt = new();
        using CancellationTokenSource stopHttp = new();
        Task readHttp = Task.Run(async () =>
        {
            while (await http.ReadPartAsync(stopHttp.Token) is MultipartPart part)
            {
                double seconds = double.Parse(part.Headers["X-Timestamp"], CultureInfo.InvariantCulture);
                lock (capturedAt)
                {
                    capturedAt[Hash(part.Body)] = DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
                }
            }
        });
        await Eventually.TrueAsync(() => { lock (capturedAt) { return capturedAt.Count > 0; } }, FrameTimeout, () => "no HTTP frame");

        using TcpStreamReader reader = await TcpStreamReader.ConnectAsync(tcpPort);
        List<TcpFrame> frames = new();
        for (int i = 0; i < 40; i++)
        {
            frames.Add(await reader.ReadFrameAsync(FrameTimeout) ?? throw new InvalidDataException("the server closed the TCP stream"));
        }

        // Let the HTTP viewer catch up with the last TCP frame, then compare.
        await Eventually.TrueAsync(() => { lock (capturedAt) { return capturedAt.ContainsKey(Hash(frames[^1].Jpeg)); } }, FrameTimeout, () => "the last TCP frame never came over HTTP");
        await stopHttp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => readHttp);

        List<TimeSpan> ages = new();
        foreach (TcpFrame frame in frames)
        {
            lock (capturedAt)
            {
                if (capturedAt.TryGetValue(Hash(frame.Jpeg), out DateTimeOffset captured))
                {
                    ages.Add(frame.ArrivedAt - captured);
                }
            }
        }

        Assert.True(ages.Count >= frames.Count - 2, $"only {ages.Count} of {frames.Count} TCP frames were also seen over HTTP");
        Assert.All(ages, age => Assert.InRange(age.TotalSeconds, -0.05, 1.0));
        Assert.Equal(frames.Count, frames.Select(frame => Hash(frame.Jpeg)).Distinct().Count());
        (byte[] _, int width, int height) = TestJpegs.Decode(frames[^1].Jpeg);
        Assert.Equal((320, 240), (width, height));
    }

    [Fact]
    public async Task StalledReader_IsEvictedAfterTheStallTimeout_WhileANormalReaderKeepsTheSourceRate()
    {
        int tcpPort = DaemonProcess.FreePort();
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(
            "--Camera:Source=testpattern", "--Camera:Width=640", "--Camera:Height=480", "--Camera:FramesPerSecond=20", "--Camera:JpegQuality=95", "--Streaming:StallTimeout=2", $"--Tcp:Port={tcpPort}");
        using TcpStreamReader normal = await TcpStreamReader.ConnectAsync(tcpPort);
        await normal.ReadFrameAsync(FrameTimeout);

        using StalledSocket stalled = await StalledSocket.ConnectAsync(tcpPort);

        long capturedBefore = server.Get<StreamStatistics>().FramesCaptured;
        int frames = 0;
        DateTimeOffset start = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow - start < TimeSpan.FromSeconds(10))
        {
            Assert.NotNull(await normal.ReadFrameAsync(FrameTimeout));
            frames++;
        }

        long captured = server.Get<StreamStatistics>().FramesCaptured - capturedBefore;
        Assert.True(captured >= 10 * 20 * 0.8, $"the source made only {captured} frames in 10 s");
        Assert.True(frames >= (captured * 0.99) - 1, $"the normal reader got {frames} of {captured} frames");
        using JsonDocument state = JsonDocument.Parse(await server.Client.GetStringAsync("/state"));
        Assert.Equal(1, state.RootElement.GetProperty("stream").GetProperty("evictions").GetInt64());
        Assert.Single(state.RootElement.GetProperty("stream").GetProperty("clients").EnumerateArray());

        // The server cut the stalled connection: draining it ends in EOF or a reset, soon after 2 s.
        TimeSpan cutAfter = await stalled.WaitUntilCutAsync(TimeSpan.FromSeconds(10));
        Assert.InRange(cutAfter.TotalSeconds, 2, 12);
    }

    [Fact]
    public async Task MaxClients_IsSharedWithHttpViewers_AndTheReaderOverIsClosedAtOnceAndCounted()
    {
        int tcpPort = DaemonProcess.FreePort();
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(
            "--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120", "--Streaming:MaxClients=2", $"--Tcp:Port={tcpPort}");
        using HttpResponseMessage viewer = await server.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
        await new MultipartReader(await viewer.Content.ReadAsStreamAsync(), "camstreamdframe").ReadPartAsync(CancellationToken.None);
        using TcpStreamReader reader = await TcpStreamReader.ConnectAsync(tcpPort);
        Assert.NotNull(await reader.ReadFrameAsync(FrameTimeout));

        using TcpStreamReader overTheLimit = await TcpStreamReader.ConnectAsync(tcpPort);
        DateTimeOffset connectedAt = DateTimeOffset.UtcNow;
        TcpFrame? nothing = await overTheLimit.ReadFrameAsync(FrameTimeout);
        TimeSpan closedAfter = DateTimeOffset.UtcNow - connectedAt;
        using HttpResponseMessage refused = await server.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);

        Assert.Null(nothing);
        Assert.True(closedAfter < TimeSpan.FromSeconds(5), $"closed only after {closedAfter.TotalSeconds:0.0} s");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        using JsonDocument state = JsonDocument.Parse(await server.Client.GetStringAsync("/state"));
        JsonElement stream = state.RootElement.GetProperty("stream");
        Assert.Equal(2, stream.GetProperty("rejectedClients").GetInt64());
        Assert.Equal(["stream", "tcp"], stream.GetProperty("clients").EnumerateArray().Select(client => client.GetProperty("kind").GetString()).Order());
    }

    [Fact]
    public async Task State_ListsTheReaderWithKindTcp_AndMetricsCountIt()
    {
        int tcpPort = DaemonProcess.FreePort();
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120", $"--Tcp:Port={tcpPort}");
        using TcpStreamReader reader = await TcpStreamReader.ConnectAsync(tcpPort);
        // A frame is counted as sent once its send returned, which can be after the reader has it; the writer sends
        // the next frame only after counting this one. So with 4 frames read, at least 3 are counted.
        for (int i = 0; i < 4; i++)
        {
            Assert.NotNull(await reader.ReadFrameAsync(FrameTimeout));
        }

        using JsonDocument state = JsonDocument.Parse(await server.Client.GetStringAsync("/state"));
        string metrics = await server.Client.GetStringAsync("/metrics");

        JsonElement client = Assert.Single(state.RootElement.GetProperty("stream").GetProperty("clients").EnumerateArray());
        Assert.Equal("tcp", client.GetProperty("kind").GetString());
        Assert.Equal($"127.0.0.1:{((IPEndPoint)reader.Socket.LocalEndPoint!).Port}", client.GetProperty("address").GetString());
        Assert.True(client.GetProperty("sent").GetInt64() >= 3);
        Assert.Contains("\ncamstreamd_tcp_clients 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("\ncamstreamd_clients 1\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reader_ThatSendsBytes_IsIgnoredAndKeepsGettingFrames()
    {
        int tcpPort = DaemonProcess.FreePort();
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120", "--Camera:FramesPerSecond=20", $"--Tcp:Port={tcpPort}");
        using TcpStreamReader reader = await TcpStreamReader.ConnectAsync(tcpPort);
        Assert.NotNull(await reader.ReadFrameAsync(FrameTimeout));

        byte[] noise = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("GET / HTTP/1.1\r\n\r\n\0\xff", 40_000)));
        Task sending = reader.Socket.SendAsync(noise, SocketFlags.None);
        for (int i = 0; i < 20; i++)
        {
            Assert.NotNull(await reader.ReadFrameAsync(FrameTimeout));
        }

        await sending.WaitAsync(FrameTimeout);
        using JsonDocument state = JsonDocument.Parse(await server.Client.GetStringAsync("/state"));
        Assert.Single(state.RootElement.GetProperty("stream").GetProperty("clients").EnumerateArray());
        Assert.Equal(0, state.RootElement.GetProperty("stream").GetProperty("evictions").GetInt64());
    }

    [Fact]
    public async Task FramesPerSecond_CapsEachReader()
    {
        int tcpPort = DaemonProcess.FreePort();
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(
            "--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120", "--Camera:FramesPerSecond=20", "--Tcp:FramesPerSecond=4", $"--Tcp:Port={tcpPort}");
        using TcpStreamReader reader = await TcpStreamReader.ConnectAsync(tcpPort);
        Assert.NotNull(await reader.ReadFrameAsync(FrameTimeout));

        int frames = 0;
        DateTimeOffset start = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow - start < TimeSpan.FromSeconds(4))
        {
            Assert.NotNull(await reader.ReadFrameAsync(FrameTimeout));
            frames++;
        }

        Assert.InRange(frames, 12, 19);
        using JsonDocument state = JsonDocument.Parse(await server.Client.GetStringAsync("/state"));
        Assert.Equal(4, Assert.Single(state.RootElement.GetProperty("stream").GetProperty("clients").EnumerateArray()).GetProperty("fpsLimit").GetDouble());
    }

    [Fact]
    public async Task Reader_KeepsTheSourceAwake_AndItIsReleasedAfterTheIdleTimeoutOnceTheReaderLeaves()
    {
        int tcpPort = DaemonProcess.FreePort();
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120", "--Streaming:IdleTimeout=1", $"--Tcp:Port={tcpPort}");
        CaptureService capture = server.Get<CaptureService>();
        Assert.Equal(CaptureState.Idle, capture.Status.State);

        using (TcpStreamReader reader = await TcpStreamReader.ConnectAsync(tcpPort))
        {
            Assert.NotNull(await reader.ReadFrameAsync(FrameTimeout));
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.NotNull(await reader.ReadFrameAsync(FrameTimeout));
            Assert.Equal(CaptureState.Running, capture.Status.State);
        }

        await Eventually.TrueAsync(() => capture.Status.State == CaptureState.Idle, TimeSpan.FromSeconds(10), () => $"still {capture.Status.State}");
        Assert.Equal(0, server.Get<FrameBroadcaster>().ClientCount);
    }

    [Fact]
    public async Task Shutdown_EndsTheReadersStreamAfterAWholeFrame()
    {
        int tcpPort = DaemonProcess.FreePort();
        CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120", $"--Tcp:Port={tcpPort}");
        using TcpStreamReader reader = await TcpStreamReader.ConnectAsync(tcpPort);
        Assert.NotNull(await reader.ReadFrameAsync(FrameTimeout));

        Task stopping = server.DisposeAsync().AsTask();
        // Frames until a clean end (the reader throws on an end inside a frame).
        while (await reader.ReadFrameAsync(FrameTimeout) is not null)
        {
        }

        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Reload_OfTheTcpPort_EndsReadersCleanly_AndListensOnTheNewPortOnly()
    {
        using TempDirectory directory = new();
        string config = directory.File("appsettings.json");
        int oldPort = DaemonProcess.FreePort();
        int newPort = DaemonProcess.FreePort();
        await File.WriteAllTextAsync(config, $$"""{ "Tcp": { "Port": {{oldPort}} } }""");
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--config", config, "--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120");
        using TcpStreamReader reader = await TcpStreamReader.ConnectAsync(oldPort);
        Assert.NotNull(await reader.ReadFrameAsync(FrameTimeout));

        await File.WriteAllTextAsync(config, $$"""{ "Tcp": { "Port": {{newPort}} } }""");
        Assert.True(await server.Get<Camstreamd.Configuration.Reload.ConfigurationReloadService>().ReloadAsync("test"));

        while (await reader.ReadFrameAsync(FrameTimeout) is not null)
        {
        }

        await Eventually.TrueAsync(() => server.Get<Camstreamd.Streaming.Tcp.TcpStreamService>().Listener?.Endpoint == $"127.0.0.1:{newPort}", FrameTimeout, () => "not listening on the new port");
        using TcpStreamReader moved = await TcpStreamReader.ConnectAsync(newPort);
        Assert.NotNull(await moved.ReadFrameAsync(FrameTimeout));
        await AssertNothingListensAsync(oldPort);
    }

    [Fact]
    public async Task Reload_RacingTheStop_EndsBeforeTheStopReturns_AndLeavesNoListener()
    {
        using TempDirectory directory = new();
        string config = directory.File("appsettings.json");
        int oldPort = DaemonProcess.FreePort();
        int newPort = DaemonProcess.FreePort();
        await File.WriteAllTextAsync(config, $$"""{ "Tcp": { "Port": {{oldPort}} } }""");
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--config", config, "--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120");
        TcpStreamService service = server.Get<Camstreamd.Streaming.Tcp.TcpStreamService>();
        using TcpStreamReader reader = await TcpStreamReader.ConnectAsync(oldPort);
        Assert.NotNull(await reader.ReadFrameAsync(FrameTimeout));

        await File.WriteAllTextAsync(config, $$"""{ "Tcp": { "Port": {{newPort}} } }""");
        Task<bool> reload = Task.Run(() => server.Get<Camstreamd.Configuration.Reload.ConfigurationReloadService>().ReloadAsync("test"));
        await service.StopAsync(CancellationToken.None).WaitAsync(FrameTimeout);
        Assert.True(await reload.WaitAsync(FrameTimeout));

        // Whichever came first, the stop wins: nothing listens afterwards, and a later reopen is a no-op.
        Assert.Null(service.Listener);
        await service.ReopenAsync(server.Get<Camstreamd.Configuration.SettingsStore>().Current).WaitAsync(FrameTimeout);
        Assert.Null(service.Listener);
        await AssertNothingListensAsync(oldPort);
        await AssertNothingListensAsync(newPort);
    }

    [Fact]
    public async Task Stop_WhenTheHostsTimeToStopIsAlreadyUp_StillClosesTheListener_AndDoesNotThrow()
    {
        int port = DaemonProcess.FreePort();
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120", $"--Tcp:Port={port}");
        TcpStreamService service = server.Get<Camstreamd.Streaming.Tcp.TcpStreamService>();
        using TcpStreamReader reader = await TcpStreamReader.ConnectAsync(port);
        Assert.NotNull(await reader.ReadFrameAsync(FrameTimeout));

        // The host cancels the token it passes to StopAsync when its shutdown timeout has run out.
        await service.StopAsync(new CancellationToken(canceled: true)).WaitAsync(FrameTimeout);

        Assert.Null(service.Listener);
        await AssertNothingListensAsync(port);
    }

    [Fact]
    public async Task PortInUse_IsLoggedWithTheKey_AndTheHttpServerStillServes()
    {
        using TcpListener occupier = new(IPAddress.Loopback, 0);
        occupier.Start();
        int tcpPort = ((IPEndPoint)occupier.LocalEndpoint).Port;
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(DaemonProcess.FreePort(), "--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120", $"--Tcp:Port={tcpPort}");
        using HttpClient http = new() { BaseAddress = daemon.BaseAddress };

        using HttpResponseMessage snapshot = await http.GetAsync(new Uri("/snapshot", UriKind.Relative));

        Assert.True(snapshot.IsSuccessStatusCode);
        await daemon.WaitForOutputAsync($"cannot listen on 127.0.0.1:{tcpPort} (Tcp:Address, Tcp:Port)", FrameTimeout);
    }

    private static string Hash(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    private static async Task AssertNothingListensAsync(int port)
    {
        using Socket probe = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        SocketException refused = await Assert.ThrowsAsync<SocketException>(async () => await probe.ConnectAsync("127.0.0.1", port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }
}
